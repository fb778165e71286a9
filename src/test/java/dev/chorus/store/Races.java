package dev.chorus.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Fires many operations at once from a Vert.x instance's own event loop, for race tests. */
public final class Races {

  private Races() {}

  /**
   * Starts {@code n} calls of {@code op} back to back on one context of {@code vertx}, without
   * waiting between them.
   */
  public static <T> Future<List<T>> fire(Vertx vertx, int n, Supplier<Future<T>> op) {
    Promise<List<T>> done = Promise.promise();
    vertx.runOnContext(
        ignored -> {
          List<Future<T>> calls = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            calls.add(op.get());
          }
          Future.all(calls)
              .onComplete(
                  all -> {
                    if (all.failed()) {
                      done.fail(all.cause());
                      return;
                    }
                    List<T> results = new ArrayList<>(n);
                    calls.forEach(f -> results.add(f.result()));
                    done.complete(results);
                  });
        });
    return done.future();
  }

  /** Runs {@code n} calls split over two Vert.x instances at the same time; all results. */
  public static <T> List<T> fireFromBoth(
      Vertx a, Supplier<Future<T>> opA, Vertx b, Supplier<Future<T>> opB, int n) {
    Future<List<T>> first = fire(a, n / 2, opA);
    Future<List<T>> second = fire(b, n - n / 2, opB);
    List<T> all = new ArrayList<>(TestServices.await(first));
    all.addAll(TestServices.await(second));
    return all;
  }

  /** Polls {@code condition} until it holds (fails after 10 s): for expiry, never for timing. */
  public static void eventually(Supplier<Boolean> condition, String what) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
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
