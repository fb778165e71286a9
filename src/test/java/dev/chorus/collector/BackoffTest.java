package dev.chorus.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromTheMinimumToTheMaximumWithinTheUpperHalfOfEachStep() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
    Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999999);
    long[] lows = {50, 100, 200, 400, 500, 500};
    long[] highs = {100, 200, 400, 800, 1000, 1000};
    for (int i = 0; i < lows.length; i++) {
      assertEquals(lows[i], low.nextDelayMs(), "attempt " + i);
      assertEquals(highs[i], high.nextDelayMs(), "attempt " + i);
    }
    assertEquals(6, low.attempts());
  }

  @Test
  void resetStartsAgainAtTheMinimum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60), () -> 0.0);
    for (int i = 0; i < 100; i++) {
      b.nextDelayMs(); // no overflow after many attempts
    }
    assertEquals(30_000, b.nextDelayMs());
    b.reset();
    assertEquals(50, b.nextDelayMs());
  }
}
