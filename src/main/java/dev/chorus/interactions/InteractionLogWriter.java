package dev.chorus.interactions;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.metrics.ChorusMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
 * <p>With a {@link Spill}, a batch the store fails (not for bad data) or has been writing for
 * longer than {@link Spill#afterMs} goes to the local {@link SpillBuffer} instead, and so does
 * everything after it, until the buffer has been drained to the store in order (one chunk at a
 * time, retried every {@link Spill#retryMs} while the store fails). A row spilled is answered as
 * durable: the buffer forced it to disk. A full buffer fails the rows (the caller answers {@code
 * unavailable}).
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

  /**
   * Where and when to spill.
   *
   * @param vertx runs the buffer's blocking calls (ordered, on a worker)
   * @param afterMs a store batch writing longer than this is spilled
   * @param retryMs how often a failing store is tried again with the oldest spilled rows
   */
  public record Spill(Vertx vertx, SpillBuffer buffer, int maxRows, long afterMs, long retryMs) {}

  /** Metric: rows in this process's spill buffers. */
  public static final String SPILL_ROWS = "chorus.log.spill.rows";

  /** Metric: age of the oldest spilled row, in seconds (0 when none). */
  public static final String SPILL_AGE = "chorus.log.spill.age.seconds";

  private static final Logger LOG = LoggerFactory.getLogger(InteractionLogWriter.class);

  private record Pending(Interaction row, Promise<Boolean> promise) {}

  private record Chunk(List<SpillBuffer.Entry> rows, List<String> finished) {}

  private final InteractionLog log;
  private final int batchSize;
  private final int maxQueue;
  private final ChorusMetrics metrics;
  private final DistributionSummary batchSizes;
  private final Timer lag;
  private final Spill spill;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Set<String> finished = new LinkedHashSet<>();
  private boolean writing;
  private Promise<Void> drained;
  private long writingSince;
  private String failure;
  // spill state
  private boolean spilling;
  private boolean spillBusy;
  private String spillFailure;
  private long nextDrainAt;
  private boolean drainTimerSet;
  private int drainChunk;
  private volatile int depth;
  private volatile Instant oldest;

  public InteractionLogWriter(
      InteractionLog log, int batchSize, int maxQueue, ChorusMetrics metrics) {
    this(log, batchSize, maxQueue, metrics, null);
  }

  /**
   * @param spill the local buffer for store outages, or {@code null} to fail rows instead
   */
  public InteractionLogWriter(
      InteractionLog log, int batchSize, int maxQueue, ChorusMetrics metrics, Spill spill) {
    this.log = log;
    this.batchSize = batchSize;
    this.maxQueue = maxQueue;
    this.metrics = metrics;
    this.batchSizes = metrics.logBatchSize();
    this.lag = metrics.logLag();
    this.spill = spill;
    this.drainChunk = batchSize;
    if (spill != null) {
      String file = spill.buffer().file().getFileName().toString();
      metrics.gauge(SPILL_ROWS, "Rows in the local spill buffer", () -> depth, "buffer", file);
      metrics.gauge(
          SPILL_AGE,
          "Age of the oldest row in the local spill buffer",
          () -> {
            Instant o = oldest;
            return o == null ? 0 : Math.max(0, Duration.between(o, Instant.now()).toSeconds());
          },
          "buffer",
          file);
    }
  }

  /**
   * Starts draining rows a previous process left in the spill buffer. Call once, on the writer's
   * context, before submitting.
   */
  public Future<Void> start() {
    if (spill == null) {
      return Future.succeededFuture();
    }
    return spill
        .vertx()
        .executeBlocking(() -> new Object[] {spill.buffer().size(), spill.buffer().oldest()}, true)
        .map(
            a -> {
              depth = (Integer) a[0];
              oldest = (Instant) a[1];
              if (depth > 0) {
                LOG.info("{} spilled rows left by the last run: draining them first", depth);
                spilling = true;
                kick();
              }
              return null;
            });
  }

  /**
   * Queues a row.
   *
   * @return {@code true} once the row is durable and was new, {@code false} once it is known to be
   *     a duplicate of a stored (or spilled) row; fails when the log is overloaded or the store
   *     failed (the row is then not stored and the caller must not acknowledge it)
   */
  public Future<Boolean> submit(Interaction row) {
    if (queue.size() >= maxQueue) {
      return Future.failedFuture(
          new OverloadedException("interaction log queue is full (" + maxQueue + " rows)"));
    }
    Promise<Boolean> promise = Promise.promise();
    queue.add(new Pending(row, promise));
    metrics.logQueue().incrementAndGet();
    kick();
    return promise.future();
  }

  /**
   * Which event holds {@code key} in {@code community}: a spilled one first, else the store's
   * answer ({@code null} when none).
   */
  public Future<String> keyHolder(String community, String key) {
    Future<String> spilled =
        spill == null
            ? Future.succeededFuture()
            : spill.vertx().executeBlocking(() -> spill.buffer().holder(community, key), true);
    return spilled.compose(
        h ->
            h != null
                ? Future.succeededFuture(h)
                : log.keyHolders(community, List.of(key)).map(m -> m.get(key)));
  }

  /** Completes when every queued row has been written or spilled (or failed). */
  public Future<Void> drain() {
    if (idle()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  /**
   * Why the log cannot take events now, or {@code null} when it can. Without a spill buffer: the
   * last batch failed for a reason other than bad data, or the batch being written has taken longer
   * than {@code stalledMs} (a frozen or unreachable database). With one: the buffer is full or
   * failing. Read by health probes.
   */
  public String problem(long stalledMs) {
    if (spill != null) {
      if (spillFailure != null) {
        return "the spill buffer fails: " + spillFailure;
      }
      if (spilling && depth + queue.size() >= spill.maxRows()) {
        return "the store is unavailable and the spill buffer is full (" + depth + " rows)";
      }
      return null;
    }
    if (writing && System.nanoTime() - writingSince > stalledMs * 1_000_000L) {
      return "a batch has been writing for more than " + stalledMs + " ms";
    }
    return failure;
  }

  /** Rows waiting, not counting the batch being written. */
  public int queued() {
    return queue.size();
  }

  /** Rows in the spill buffer (0 without one). */
  public int spilled() {
    return depth;
  }

  /**
   * Records that an event finished its slip; written with the next batch (a lost one only means the
   * event is routed once more, which stages tolerate).
   */
  public void finished(String eventId) {
    finished.add(eventId);
    kick();
  }

  private boolean idle() {
    return queue.isEmpty() && finished.isEmpty() && !spillBusy && (!writing || spilling);
  }

  private void kick() {
    if (spilling) {
      if (!spillBusy && (!queue.isEmpty() || !finished.isEmpty())) {
        spillNext();
      }
      if (!writing) {
        drainNext();
      }
    } else if (!writing && (!queue.isEmpty() || !finished.isEmpty())) {
      writeNext();
    }
    if (drained != null && idle()) {
      Promise<Void> d = drained;
      drained = null;
      d.complete();
    }
  }

  private List<Pending> take() {
    int n = Math.min(batchSize, queue.size());
    List<Pending> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(queue.poll());
    }
    metrics.logQueue().addAndGet(-n);
    return batch;
  }

  private void writeNext() {
    writing = true;
    writingSince = System.nanoTime();
    List<Pending> batch = take();
    if (!batch.isEmpty()) {
      batchSizes.record(batch.size());
    }
    List<String> done = new ArrayList<>(finished);
    finished.clear();
    boolean[] handedOver = new boolean[1];
    long stallTimer =
        spill == null || batch.isEmpty()
            ? -1
            : spill.vertx().setTimer(spill.afterMs(), t -> handOver(batch, done, handedOver));
    write(batch, handedOver)
        .compose(
            v ->
                done.isEmpty() || handedOver[0]
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
        .onComplete(
            v -> {
              if (stallTimer >= 0) {
                spill.vertx().cancelTimer(stallTimer);
              }
              writing = false;
              kick();
            });
  }

  /**
   * The store is failing or stalled: the batch's rows (ahead of everything queued) and its finished
   * marks go to the spill buffer, and so does all that follows until it is drained.
   */
  private void handOver(List<Pending> batch, List<String> done, boolean[] handedOver) {
    if (handedOver[0]) {
      return;
    }
    handedOver[0] = true;
    if (!spilling) {
      LOG.warn(
          "the interaction log's store fails or stalls: spilling to {}", spill.buffer().file());
    }
    spilling = true;
    for (int i = batch.size() - 1; i >= 0; i--) {
      if (!batch.get(i).promise().future().isComplete()) {
        queue.addFirst(batch.get(i));
        metrics.logQueue().incrementAndGet();
      }
    }
    finished.addAll(done);
    kick();
  }

  /**
   * Writes a batch and settles its rows. When the batch fails on a row the store can never hold (a
   * data error), the batch is split and each half written again, so only the bad row fails — with
   * the permanent error — and the others are stored.
   */
  private Future<Void> write(List<Pending> batch, boolean[] handedOver) {
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
                return write(batch.subList(0, half), handedOver)
                    .compose(v -> write(batch.subList(half, batch.size()), handedOver));
              }
              if (!StoreFailures.isPermanent(ar.cause())) {
                failure = "the last batch failed: " + ar.cause();
                if (spill != null) {
                  handOver(batch, List.of(), handedOver);
                  return Future.succeededFuture();
                }
              }
              for (Pending p : batch) {
                p.promise().tryFail(ar.cause());
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
      p.promise().tryComplete(isNew);
    }
    // Stages' decision records are rows of their own kind: "event" counts accepted events only.
    metrics.logRows("event", events);
    metrics.logRows("record", records);
    metrics.logRows("other", newRows - events - records);
  }

  /** Appends the next batch (and the finished marks) to the spill buffer. */
  private void spillNext() {
    spillBusy = true;
    List<Pending> batch = take();
    List<String> done = new ArrayList<>(finished);
    finished.clear();
    List<Interaction> rows = new ArrayList<>(batch.size());
    batch.forEach(p -> rows.add(p.row()));
    SpillBuffer buffer = spill.buffer();
    spill
        .vertx()
        .executeBlocking(
            () -> {
              if (!done.isEmpty()) {
                buffer.finished(done);
              }
              List<SpillBuffer.Spilled> answers = rows.isEmpty() ? List.of() : buffer.append(rows);
              depth = buffer.size();
              oldest = buffer.oldest();
              return answers;
            },
            true)
        .onComplete(
            ar -> {
              spillBusy = false;
              if (ar.succeeded()) {
                spillFailure = null;
                for (int i = 0; i < batch.size(); i++) {
                  batch.get(i).promise().tryComplete(ar.result().get(i).isNew());
                }
              } else {
                if (!(ar.cause() instanceof SpillBuffer.FullException)) {
                  spillFailure = ar.cause().toString();
                  LOG.error("spill buffer write failed: {}", ar.cause().toString());
                }
                for (Pending p : batch) {
                  p.promise().tryFail(ar.cause());
                }
              }
              kick();
            });
  }

  /** Writes the oldest spilled rows to the store, in order, when it is time to try. */
  private void drainNext() {
    long now = System.nanoTime();
    if (now < nextDrainAt) {
      if (!drainTimerSet) {
        drainTimerSet = true;
        spill
            .vertx()
            .setTimer(
                Math.max(1, (nextDrainAt - now) / 1_000_000),
                t -> {
                  drainTimerSet = false;
                  kick();
                });
      }
      return;
    }
    writing = true;
    writingSince = now;
    SpillBuffer buffer = spill.buffer();
    int limit = drainChunk;
    spill
        .vertx()
        .executeBlocking(() -> new Chunk(buffer.peek(limit), buffer.peekFinished(limit)), true)
        .compose(chunk -> drainChunk(buffer, chunk))
        .onComplete(
            ar -> {
              writing = false;
              if (ar.failed()) {
                failure = "the last batch failed: " + ar.cause();
                nextDrainAt = System.nanoTime() + spill.retryMs() * 1_000_000L;
              } else if (ar.result() && !spillBusy) {
                spilling = false;
                failure = null;
                LOG.info("spill buffer drained: writing to the store again");
              }
              kick();
            });
  }

  /** Drains one chunk; true when there was nothing left to drain. */
  private Future<Boolean> drainChunk(SpillBuffer buffer, Chunk chunk) {
    if (chunk.rows().isEmpty() && chunk.finished().isEmpty()) {
      return Future.succeededFuture(true);
    }
    List<Interaction> rows = new ArrayList<>(chunk.rows().size());
    chunk.rows().forEach(e -> rows.add(e.row()));
    List<SpillBuffer.Entry> drop = new ArrayList<>(chunk.rows());
    Future<Void> appended =
        rows.isEmpty()
            ? Future.succeededFuture()
            : log.append(rows)
                .<Void>transform(
                    ar -> {
                      if (ar.succeeded()) {
                        drainChunk = batchSize;
                        metrics.logRows("event", countEvents(rows, ar.result()));
                        return Future.succeededFuture();
                      }
                      if (!StoreFailures.isPermanent(ar.cause())) {
                        return Future.failedFuture(ar.cause());
                      }
                      if (rows.size() > 1) {
                        drainChunk = 1; // find the bad row one at a time
                        drop.clear();
                        return Future.succeededFuture();
                      }
                      Interaction bad = rows.get(0);
                      LOG.error(
                          "{}: spilled row dropped, the store cannot hold it: {}",
                          kv(
                              "eventId",
                              bad.kind() == Interaction.Kind.EVENT ? bad.id() : bad.inReplyTo()),
                          ar.cause().toString());
                      return Future.succeededFuture();
                    });
    return appended
        .compose(
            v ->
                chunk.finished().isEmpty()
                    ? Future.<Void>succeededFuture()
                    : log.finish(chunk.finished()))
        .compose(
            v ->
                spill
                    .vertx()
                    .executeBlocking(
                        () -> {
                          buffer.remove(drop, chunk.finished());
                          depth = buffer.size();
                          oldest = buffer.oldest();
                          return false;
                        },
                        true));
  }

  private static int countEvents(List<Interaction> rows, Set<String> stored) {
    int n = 0;
    for (Interaction r : rows) {
      if (r.kind() == Interaction.Kind.EVENT && stored.contains(r.id())) {
        n++;
      }
    }
    return n;
  }
}
