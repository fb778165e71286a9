package dev.chorus.collector.twitch.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.twitch.chat.FakeTwitchIrc.Received;
import java.time.Duration;
import java.util.List;

/** Checks sends counted at the peer against a sliding-window limit. */
final class RateWindows {

  /** Arrival jitter allowed between the limiter's clock and the peer's. */
  private static final long SLACK_NANOS = 150_000_000L;

  private RateWindows() {}

  /**
   * Fails when some {@code limit + 1} consecutive arrivals fall within one window (less the slack).
   */
  static void assertWithin(List<Received> sends, int limit, Duration window) {
    long span = window.toNanos() - SLACK_NANOS;
    List<Long> times = sends.stream().map(Received::nanos).sorted().toList();
    for (int i = limit; i < times.size(); i++) {
      long gap = times.get(i) - times.get(i - limit);
      assertTrue(
          gap >= span,
          (limit + 1)
              + " sends within "
              + gap / 1_000_000
              + " ms (limit "
              + limit
              + " per "
              + window.toMillis()
              + " ms)");
    }
  }
}
