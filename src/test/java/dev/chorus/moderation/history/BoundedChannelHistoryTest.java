package dev.chorus.moderation.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedChannelHistoryTest {

  private static final Instant T0 = Instant.parse("2026-11-23T20:00:00Z");

  @Test
  void neverHoldsMoreThanItsCapacityAndDropsTheOldestFirst() {
    BoundedChannelHistory history = new BoundedChannelHistory(50, Duration.ofHours(1));
    for (int i = 0; i < 10_000; i++) {
      history.add(RecentMessage.of("user" + i, "message number " + i, T0.plusMillis(i)));
      assertTrue(history.size() <= 50);
    }
    List<RecentMessage> recent = history.recent();
    assertEquals(50, recent.size());
    assertEquals("user9950", recent.get(0).userId());
    assertEquals("user9999", recent.get(49).userId());
  }

  @Test
  void forgetsMessagesOlderThanItsMaximumAge() {
    BoundedChannelHistory history = new BoundedChannelHistory(100, Duration.ofMinutes(5));
    history.add(RecentMessage.of("a", "old", T0));
    history.add(RecentMessage.of("b", "newer", T0.plusSeconds(200)));
    history.add(RecentMessage.of("c", "newest", T0.plusSeconds(301)));
    assertEquals(List.of("b", "c"), history.recent().stream().map(RecentMessage::userId).toList());
  }

  @Test
  void fingerprintsOfHugeMessagesAreBounded() {
    RecentMessage huge = RecentMessage.of("a", "abcdefghij".repeat(10_000), T0);
    assertTrue(huge.shingles().length <= RecentMessage.MAX_CHARS);
  }

  @Test
  void theViewIsACopy() {
    BoundedChannelHistory history = new BoundedChannelHistory();
    history.add(RecentMessage.of("a", "hi", T0));
    List<RecentMessage> view = history.recent();
    history.add(RecentMessage.of("b", "hello", T0));
    assertEquals(1, view.size());
  }

  @Test
  void rejectsNonsenseBounds() {
    assertThrows(IllegalArgumentException.class, () -> new BoundedChannelHistory(0, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new BoundedChannelHistory(10, Duration.ZERO));
  }

  @Test
  void channelHistoriesAreBoundedInNumberAndKeptPerChannel() {
    ChannelHistories histories = new ChannelHistories(3, 10, Duration.ofMinutes(5));
    BoundedChannelHistory first = histories.channel("c1", "main");
    assertSame(first, histories.channel("c1", "main"));
    assertNotSame(first, histories.channel("c2", "main"));
    for (int i = 0; i < 100; i++) {
      histories.channel("c" + i, "main");
      assertTrue(histories.size() <= 3);
    }
    assertNotSame(first, histories.channel("c1", "main"), "the least recently used was dropped");
  }
}
