package dev.chorus.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

  private static List<Long> seqs(ReplayBuffer.Replay replay) {
    return replay.frames().stream().map(ReplayBuffer.Entry::seq).toList();
  }

  @Test
  void keepsTheNewestFramesUpToItsCapacity() {
    ReplayBuffer buffer = new ReplayBuffer(3);
    for (long seq = 1; seq <= 5; seq++) {
      buffer.add(seq, "f" + seq);
    }
    assertEquals(3, buffer.size());
    assertEquals(5, buffer.last());
    ReplayBuffer.Replay all = buffer.since(0);
    assertEquals(List.of(3L, 4L, 5L), seqs(all));
    assertTrue(all.gap(), "frames 1 and 2 are gone");
    assertEquals("f3", all.frames().get(0).json());
  }

  @Test
  void replaysOnlyWhatCameAfter() {
    ReplayBuffer buffer = new ReplayBuffer(10);
    for (long seq = 1; seq <= 5; seq++) {
      buffer.add(seq, "f" + seq);
    }
    ReplayBuffer.Replay replay = buffer.since(3);
    assertEquals(List.of(4L, 5L), seqs(replay));
    assertFalse(replay.gap());
    assertEquals(List.of(), seqs(buffer.since(5)));
    assertEquals(List.of(), seqs(buffer.since(99)), "a client ahead of the node gets nothing");
  }

  @Test
  void holesInTheNumbersAreNotGapsOfTheBuffer() {
    ReplayBuffer buffer = new ReplayBuffer(10);
    buffer.add(1, "a");
    buffer.add(4, "b");
    assertEquals(List.of(4L), seqs(buffer.since(1)));
    assertFalse(buffer.since(1).gap());
  }

  @Test
  void refusesFramesOutOfOrder() {
    ReplayBuffer buffer = new ReplayBuffer(10);
    buffer.add(2, "a");
    assertThrows(IllegalArgumentException.class, () -> buffer.add(2, "again"));
    assertThrows(IllegalArgumentException.class, () -> buffer.add(1, "older"));
    assertThrows(IllegalArgumentException.class, () -> new ReplayBuffer(0));
  }
}
