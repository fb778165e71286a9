package dev.chorus.state;

import java.time.Duration;

/**
 * Argument checks every {@link StateStore} adapter applies the same way, so both refuse the same
 * input.
 */
public final class StateArguments {

  private StateArguments() {}

  /** The duration in milliseconds; fails unless it is at least 1 ms. */
  public static long positiveMillis(Duration d, String what) {
    if (d == null || d.isNegative() || d.toMillis() < 1) {
      throw new IllegalArgumentException(what + " must be at least 1 ms");
    }
    return d.toMillis();
  }

  /** The value itself; fails when it is null. */
  public static String requireValue(String value) {
    if (value == null) {
      throw new IllegalArgumentException("value is required");
    }
    return value;
  }
}
