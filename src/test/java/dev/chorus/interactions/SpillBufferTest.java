package dev.chorus.interactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.Ids;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillBufferTest {

  @TempDir Path dir;

  static Interaction event(String community, String id, String key) {
    return Interaction.ofEvent(
        new Envelope(
            id,
            1,
            "chat.message",
            community,
            "web",
            new Channel("c", "c"),
            new Author("u", "u", "u", List.of()),
            "héllo \"quoted\"",
            null,
            null,
            null,
            null,
            null,
            Instant.parse("2026-12-07T22:00:00.123Z"),
            "gw"),
        key);
  }

  @Test
  void rowsComeBackInOrderAndWholeAfterReopening() throws Exception {
    Path file = dir.resolve("spill-0.mv.db");
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(event("s", Ids.next(), null));
    }
    try (SpillBuffer spill = SpillBuffer.open(file, 1000)) {
      spill.append(rows.subList(0, 10));
      spill.append(rows.subList(10, 30));
    }
    try (SpillBuffer spill = SpillBuffer.open(file, 1000)) {
      assertEquals(30, spill.size());
      List<SpillBuffer.Entry> back = spill.peek(100);
      for (int i = 0; i < 30; i++) {
        assertEquals(rows.get(i), back.get(i).row(), "row " + i + " round-trips whole, in order");
      }
      spill.remove(back.subList(0, 25), List.of());
      assertEquals(5, spill.size());
      assertEquals(rows.get(25), spill.peek(1).get(0).row());
      // sequence numbers keep growing after a reopen: new rows go behind the old ones
      spill.append(List.of(event("s", Ids.next(), null)));
      assertEquals(rows.get(25), spill.peek(1).get(0).row());
    }
  }

  @Test
  void aResendIsRecognisedByIdAndByKeyWithinItsCommunity() throws Exception {
    try (SpillBuffer spill = SpillBuffer.open(dir.resolve("spill-0.mv.db"), 1000)) {
      String first = Ids.next();
      List<SpillBuffer.Spilled> answers =
          spill.append(
              List.of(
                  event("a", first, "web:u:k1"),
                  event("a", Ids.next(), "web:u:k1"), // same key in the same batch
                  event("b", Ids.next(), "web:u:k1"))); // the same key in another community
      assertTrue(answers.get(0).isNew());
      assertFalse(answers.get(1).isNew());
      assertEquals(first, answers.get(1).holder());
      assertTrue(answers.get(2).isNew(), "keys are scoped by community");
      SpillBuffer.Spilled later = spill.append(List.of(event("a", first, null))).get(0);
      assertFalse(later.isNew(), "the same id later");
      assertEquals(first, spill.holder("a", "web:u:k1"));
      assertNull(spill.holder("a", "web:u:other"));
      assertEquals(2, spill.size());
    }
  }

  @Test
  void pastTheBoundTheWholeBatchIsRefusedAndNothingIsSpilled() throws Exception {
    try (SpillBuffer spill = SpillBuffer.open(dir.resolve("spill-0.mv.db"), 5)) {
      List<Interaction> four = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        four.add(event("s", Ids.next(), null));
      }
      spill.append(four);
      List<Interaction> two = List.of(event("s", Ids.next(), null), event("s", Ids.next(), null));
      assertThrows(SpillBuffer.FullException.class, () -> spill.append(two));
      assertEquals(4, spill.size());
    }
  }

  /**
   * A crash in the middle of a write leaves a torn chunk at the end of the file: on open it is
   * ignored and every row written before it is there.
   */
  @Test
  void aTornTailIsIgnoredAndTheRowsBeforeItSurvive() throws Exception {
    Path file = dir.resolve("spill-0.mv.db");
    List<Interaction> rows = new ArrayList<>();
    try (SpillBuffer spill = SpillBuffer.open(file, 10_000)) {
      for (int i = 0; i < 20; i++) {
        Interaction row = event("s", Ids.next(), "k" + i);
        rows.add(row);
        spill.append(List.of(row));
      }
    }
    long length = Files.size(file);
    // half of a chunk that was being written when the process died
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(length);
      byte[] garbage = new byte[6000];
      new java.util.Random(7).nextBytes(garbage);
      System.arraycopy("chunk:7f,block:".getBytes(), 0, garbage, 0, 15);
      raf.write(garbage);
    }
    try (SpillBuffer spill = SpillBuffer.open(file, 10_000)) {
      assertEquals(20, spill.size());
      List<SpillBuffer.Entry> back = spill.peek(100);
      for (int i = 0; i < 20; i++) {
        assertEquals(rows.get(i), back.get(i).row());
      }
    }
    // and a file cut in the middle of its last chunk loses at most that chunk's rows
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length - 700);
    }
    try (SpillBuffer spill = SpillBuffer.open(file, 10_000)) {
      int n = spill.size();
      assertTrue(n >= 18 && n <= 20, "rows before the torn chunk survive: " + n);
      List<SpillBuffer.Entry> back = spill.peek(100);
      for (int i = 0; i < n; i++) {
        assertEquals(rows.get(i), back.get(i).row());
      }
    }
  }

  @Test
  void aSecondWriterCannotOpenAHeldFile() throws Exception {
    Path file = dir.resolve("spill-" + UUID.randomUUID() + ".mv.db");
    try (SpillBuffer spill = SpillBuffer.open(file, 10)) {
      org.h2.mvstore.MVStoreException e =
          assertThrows(org.h2.mvstore.MVStoreException.class, () -> SpillBuffer.open(file, 10));
      assertEquals(org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED, e.getErrorCode());
      assertEquals(0, spill.size());
    }
  }
}
