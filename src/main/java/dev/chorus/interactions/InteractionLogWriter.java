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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(InteractionLogWriter.class);

  private record Pending(Interaction row, Promise<Boolean> promise) {}

  private final InteractionLog log;
  private final int batchSize;
  private final int maxQueue;
  private final ChorusMetrics metrics;
  private final DistributionSummary batchSizes;
  private final Timer lag;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Set<String> finished = new LinkedHashSet<>();
  private boolean writing;
  private Promise<Void> drained;
  private long writingSince;
  private String failure;

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
    if (!writing && queue.isEmpty() && finished.isEmpty()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  /**
   * Why the log cannot take events now, or {@code null} when it can: the last batch failed for a
   * reason other than bad data, or the batch being written has taken longer than {@code stalledMs}
   * (a frozen or unreachable database). Read by health probes.
   */
  public String problem(long stalledMs) {
    if (writing && System.nanoTime() - writingSince > stalledMs * 1_000_000L) {
      return "a batch has been writing for more than " + stalledMs + " ms";
    }
    return failure;
  }

  /** Rows waiting, not counting the batch being written. */
  public int queued() {
    return queue.size();
  }

  /**
   * Records that an event finished its slip; written with the next batch (a lost one only means the
   * event is routed once more, which stages tolerate).
   */
  public void finished(String eventId) {
    finished.add(eventId);
    if (!writing) {
      writeNext();
    }
  }

  private void writeNext() {
    if (queue.isEmpty() && finished.isEmpty()) {
      writing = false;
      if (drained != null) {
        Promise<Void> d = drained;
        drained = null;
        d.complete();
      }
      return;
    }
    writing = true;
    writingSince = System.nanoTime();
    int n = Math.min(batchSize, queue.size());
    List<Pending> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(queue.poll());
    }
    metrics.logQueue().addAndGet(-n);
    if (n > 0) {
      batchSizes.record(n);
    }
    List<String> done = new ArrayList<>(finished);
    finished.clear();
    write(batch)
        .compose(
            v ->
                done.isEmpty()
                    ? Future.<Void>succeededFuture()
                    : log.finish(done)
                        .recover(
                            e -> {
                              LOG.warn(
                                  "{} events not marked finished (they will be resumed): {}",
                                  done.size(),
                                  e.toString());
                              return Future.succeededFuture();
                            }))
        .onComplete(v -> writeNext());
  }

  /**
   * Writes a batch and settles its rows. When the batch fails on a row the store can never hold (a
   * data error), the batch is split and each half written again, so only the bad row fails — with
   * the permanent error — and the others are stored.
   */
  private Future<Void> write(List<Pending> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Interaction> rows = new ArrayList<>(batch.size());
    batch.forEach(p -> rows.add(p.row()));
    return log.append(rows)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                failure = null;
                settle(batch, ar.result());
                return Future.succeededFuture();
              }
              if (batch.size() > 1 && StoreFailures.isPermanent(ar.cause())) {
                int half = batch.size() / 2;
                return write(batch.subList(0, half))
                    .compose(v -> write(batch.subList(half, batch.size())));
              }
              if (!StoreFailures.isPermanent(ar.cause())) {
                failure = "the last batch failed: " + ar.cause();
              }
              for (Pending p : batch) {
                p.promise().fail(ar.cause());
              }
              return Future.succeededFuture();
            });
  }

  private void settle(List<Pending> batch, Set<String> stored) {
    // The same id twice in one batch (two collectors, or a resend while the first is queued):
    // only the first claims "new", so the event is routed once.
    Set<String> added = new HashSet<>(stored);
    int newRows = added.size();
    Instant now = Instant.now();
    int events = 0;
    int records = 0;
    for (Pending p : batch) {
      boolean isNew = added.remove(p.row().id());
      if (isNew && p.row().kind() == Interaction.Kind.EVENT) {
        lag.record(Duration.between(p.row().at(), now));
        events++;
      } else if (isNew && p.row().kind() == Interaction.Kind.RECORD) {
        records++;
      }
      p.promise().complete(isNew);
    }
    // Stages' decision records are rows of their own kind: "event" counts accepted events only.
    metrics.logRows("event", events);
    metrics.logRows("record", records);
    metrics.logRows("other", newRows - events - records);
  }
}
