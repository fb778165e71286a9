package dev.chorus.collector;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays of a collector's platform connection: exponential from {@code min} to {@code
 * max}, each drawn uniformly from the upper half of the current step ("equal jitter"), so that many
 * instances dropped at once by one platform restart do not reconnect in lock step, yet none retries
 * sooner than half the step. A pure value apart from the attempt counter; not thread-safe (one per
 * connection, used on its context).
 */
public final class Backoff {

  private final long minMs;
  private final long maxMs;
  private final DoubleSupplier random;
  private int attempt;

  /**
   * @param random uniform values in [0, 1); tests pass a fixed sequence
   */
  public Backoff(Duration min, Duration max, DoubleSupplier random) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max");
    }
    this.minMs = min.toMillis();
    this.maxMs = max.toMillis();
    this.random = random;
  }

  public Backoff(Duration min, Duration max) {
    this(min, max, Math::random);
  }

  /** The delay before the next attempt; each call doubles the step until {@code max}. */
  public long nextDelayMs() {
    long step = maxMs;
    if (attempt < 40) {
      step = Math.min(maxMs, minMs << attempt);
    }
    attempt++;
    long half = step / 2;
    return half + (long) (random.getAsDouble() * (step - half + 1));
  }

  /** Attempts since the last {@link #reset()}. */
  public int attempts() {
    return attempt;
  }

  /** After a connection that worked: the next delay is back at the minimum. */
  public void reset() {
    attempt = 0;
  }
}
