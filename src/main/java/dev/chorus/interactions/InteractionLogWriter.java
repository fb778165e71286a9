package dev.chorus.interactions;

import dev.chorus.metrics.ChorusMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Group commit in front of an {@link InteractionLog}. While no batch is being written, a row is
 * written at once (lowest latency at low rates); while one is, rows queue up and go together in the
 * next batch, up to {@code batchSize} (highest throughput under load). So a row waits at most for
 * the batch ahead of it; no timer is needed. The queue is bounded: beyond {@code maxQueue} rows,
 * {@link #submit} fails fast with {@link OverloadedException} instead of growing the heap.
 *
 * <p>Not thread-safe: call it from one Vert.x context (the interactions verticle's).
 */
public final class InteractionLogWriter {

  /**
   * The log's queue is full; the caller should refuse the input (HTTP 503, WebSocket error frame).
   */
  public static final class OverloadedException extends RuntimeException {
    public OverloadedException(String message) {
      super(message, null, false, false);
    }
  }

  private record Pending(Interaction row, Promise<Boolean> promise) {}

  private final InteractionLog log;
  private final int batchSize;
  private final int maxQueue;
  private final ChorusMetrics metrics;
  private final DistributionSummary batchSizes;
  private final Timer lag;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean writing;
  private Promise<Void> drained;

  public InteractionLogWriter(
      InteractionLog log, int batchSize, int maxQueue, ChorusMetrics metrics) {
    this.log = log;
    this.batchSize = batchSize;
    this.maxQueue = maxQueue;
    this.metrics = metrics;
    this.batchSizes = metrics.logBatchSize();
    this.lag = metrics.logLag();
  }

  /**
   * Queues a row.
   *
   * @return {@code true} once the row is durable and was new, {@code false} once it is known to be
   *     a duplicate of a stored row; fails when the log is overloaded or the store failed (the row
   *     is then not stored and the caller must not acknowledge it)
   */
  public Future<Boolean> submit(Interaction row) {
    if (queue.size() >= maxQueue) {
      return Future.failedFuture(
          new OverloadedException("interaction log queue is full (" + maxQueue + " rows)"));
    }
    Promise<Boolean> promise = Promise.promise();
    queue.add(new Pending(row, promise));
    metrics.logQueue().incrementAndGet();
    if (!writing) {
      writeNext();
    }
    return promise.future();
  }

  /** Completes when every queued row has been written (or failed). */
  public Future<Void> drain() {
    if (!writing && queue.isEmpty()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  /** Rows waiting, not counting the batch being written. */
  public int queued() {
    return queue.size();
  }

  private void writeNext() {
    if (queue.isEmpty()) {
      writing = false;
      if (drained != null) {
        Promise<Void> d = drained;
        drained = null;
        d.complete();
      }
      return;
    }
    writing = true;
    int n = Math.min(batchSize, queue.size());
    List<Pending> batch = new ArrayList<>(n);
    List<Interaction> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Pending p = queue.poll();
      batch.add(p);
      rows.add(p.row());
    }
    metrics.logQueue().addAndGet(-n);
    batchSizes.record(n);
    log.append(rows)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                // The same id twice in one batch (two collectors, or a resend while the first is
                // queued): only the first claims "new", so the event is routed once.
                Set<String> added = new HashSet<>(ar.result());
                int newRows = added.size();
                Instant now = Instant.now();
                int events = 0;
                for (Pending p : batch) {
                  boolean isNew = added.remove(p.row().id());
                  if (isNew && p.row().kind() == Interaction.Kind.EVENT) {
                    lag.record(Duration.between(p.row().at(), now));
                    events++;
                  }
                  p.promise().complete(isNew);
                }
                metrics.logRows("event", events);
                metrics.logRows("other", newRows - events);
              } else {
                for (Pending p : batch) {
                  p.promise().fail(ar.cause());
                }
              }
              writeNext();
            });
  }
}
