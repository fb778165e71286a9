package dev.chorus.collector.gateway;

/**
 * A token bucket: {@code burst} messages at once, refilled at {@code perSecond}. Time comes from
 * the caller (nanoseconds, e.g. {@link System#nanoTime()}) so that tests need no clock.
 *
 * <p>Thread-safe: a person's bucket is shared by their connections, which may live on different
 * event loops.
 */
final class TokenBucket {

  private final double perNano;
  private final double burst;
  private double tokens;
  private long at;

  TokenBucket(double perSecond, int burst, long now) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("perSecond and burst must be positive");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.at = now;
  }

  /** Takes one token if there is one. */
  synchronized boolean tryTake(long now) {
    if (now > at) {
      tokens = Math.min(burst, tokens + (now - at) * perNano);
      at = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
