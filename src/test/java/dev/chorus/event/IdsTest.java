package dev.chorus.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreVersion7WithTheCurrentTime() {
    long before = System.currentTimeMillis();
    String id = Ids.next();
    UUID uuid = UUID.fromString(id);
    assertEquals(7, uuid.version());
    assertEquals(2, uuid.variant());
    long ts = Ids.timestampOf(id);
    assertTrue(ts >= before && ts <= System.currentTimeMillis() + 50, "timestamp " + ts);
  }

  @Test
  void idsFromOneProcessAreStrictlyIncreasingEvenWithinOneMillisecond() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      ids.add(Ids.next());
    }
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " !< " + ids.get(i));
    }
  }

  @Test
  void concurrentCallersNeverGetTheSameId() throws InterruptedException {
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  ids.add(Ids.next());
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(40_000, ids.stream().distinct().count());
  }

  @Test
  void timestampOfSomethingElseIsMinusOne() {
    assertEquals(-1, Ids.timestampOf("not-a-uuid"));
    assertEquals(-1, Ids.timestampOf(UUID.randomUUID().toString()));
  }

  @Test
  void aPlatformMessageHasTheSameIdWhereverItIsIngested() {
    Instant sent = Instant.parse("2026-11-23T18:00:00.123Z");
    String id =
        Ids.forPlatformMessage("twitch", "demo", "b34ccfc7-4977-403a-8a94-33c6bac34fb8", sent);
    assertEquals(
        id, Ids.forPlatformMessage("twitch", "demo", "b34ccfc7-4977-403a-8a94-33c6bac34fb8", sent));
    UUID uuid = UUID.fromString(id);
    assertEquals(7, uuid.version());
    assertEquals(2, uuid.variant());
    assertEquals(sent.toEpochMilli(), Ids.timestampOf(id));
  }

  @Test
  void anyDifferentPartGivesADifferentId() {
    Instant sent = Instant.parse("2026-11-23T18:00:00Z");
    String base = Ids.forPlatformMessage("twitch", "demo", "m1", sent);
    assertNotEquals(base, Ids.forPlatformMessage("discord", "demo", "m1", sent));
    assertNotEquals(base, Ids.forPlatformMessage("twitch", "other", "m1", sent));
    assertNotEquals(base, Ids.forPlatformMessage("twitch", "demo", "m2", sent));
    // length-prefixed parts: moving a character across a boundary changes the hash input
    assertNotEquals(
        Ids.forPlatformMessage("twitch", "ab", "c", sent),
        Ids.forPlatformMessage("twitch", "a", "bc", sent));
    assertNotEquals(base, Ids.forPlatformMessage("twitch", "demo", "m1", sent.plusMillis(1)));
  }

  @Test
  void platformTimesOutsideTheUuidRangeAreClamped() {
    assertEquals(
        0, Ids.timestampOf(Ids.forPlatformMessage("web", "c", "m", Instant.EPOCH.minusSeconds(5))));
    assertEquals(
        (1L << 48) - 1,
        Ids.timestampOf(
            Ids.forPlatformMessage("web", "c", "m", Instant.parse("+20000-01-01T00:00:00Z"))));
  }
}
