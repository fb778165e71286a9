package dev.chorus.collector;

import java.util.function.BooleanSupplier;

/** Waiting, from a test thread, for something a local platform peer observes. */
public final class Waits {

  private Waits() {}

  /** Waits (up to 30 s) until {@code condition} holds. */
  public static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
