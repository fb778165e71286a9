package dev.chorus.knowledge;

import dev.chorus.embedding.Embedder;
import dev.chorus.event.Addresses;
import dev.chorus.knowledge.index.FactIndex;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's {@link FactIndex} current with the {@link FactStore}: on start it reads the
 * change feed from where the index's last commit stopped (from 0 when the index is new or was made
 * by another model), then again every {@code pollMs} and whenever any instance in the cluster
 * publishes {@link #CHANGED} after a write. Facts are embedded and written on one worker thread of
 * its own, a page at a time, so indexing never competes with questions for the query queue.
 *
 * <p>The store hands out feed positions in commit order ({@link FactStore#changesSince}), so
 * reading on from the last position misses nothing however many writers there are. A catch-up that
 * reads many pages (a rebuild, a long outage) commits and refreshes the searcher only every {@link
 * #PUBLISH_EVERY} changes and at its end, and merges the index to one segment when it wrote at
 * least {@link #MERGE_AFTER}: each segment is searched on its own, so a rebuilt index of many small
 * segments answers many times slower than one of a single segment.
 *
 * <p>The follower is {@link #ready()} once its first catch-up has finished: until then the index
 * misses facts the store has, and the process reports the knowledge role not ready.
 */
public final class IndexFollower {

  /** Published (body: the community) after every write to the fact store. */
  public static final String CHANGED = Addresses.changed("fact");

  /** Changes written before a long catch-up commits (bounds the work a crash repeats). */
  static final int PUBLISH_EVERY = 20_000;

  /** Changes in one catch-up after which the index is merged down to one segment. */
  static final int MERGE_AFTER = 2_000;

  private static final int EMBED_BATCH = 32;
  private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);

  private final Vertx vertx;
  private final FactStore store;
  private final Embedder embedder;
  private final Path dir;
  private final long pollMs;
  private final int pageSize;
  private final boolean warmUp;
  private final KnowledgeMetrics metrics;
  private final Promise<Void> firstCatchUp = Promise.promise();
  private volatile long headSeq;

  private WorkerExecutor worker;
  private volatile FactIndex index;
  private MessageConsumer<Object> consumer;
  private long timer = -1;
  private Future<Void> running;
  private Promise<Void> queued;
  private volatile boolean stopped;
  private long startedNanos;

  /**
   * @param warmUp load the model (embed one sentence) before the first catch-up, so the first
   *     question after start is not answered from keywords alone
   */
  public IndexFollower(
      Vertx vertx,
      FactStore store,
      Embedder embedder,
      Path dir,
      long pollMs,
      int pageSize,
      boolean warmUp,
      KnowledgeMetrics metrics) {
    this.vertx = vertx;
    this.warmUp = warmUp;
    this.store = store;
    this.embedder = embedder;
    this.dir = dir;
    this.pollMs = pollMs;
    this.pageSize = pageSize;
    this.metrics = metrics;
  }

  /** Whether the first catch-up (the rebuild of a new index, or the resume of one) has finished. */
  public boolean ready() {
    return firstCatchUp.future().succeeded();
  }

  /** Completes when the first catch-up has finished. */
  public Future<Void> firstCatchUp() {
    return firstCatchUp.future();
  }

  /** Feed positions the store has that the index has not applied yet (as of the last read). */
  public long lag() {
    FactIndex idx = index;
    return idx == null ? headSeq : Math.max(0, headSeq - idx.appliedSeq());
  }

  /** Opens the index and starts following; the first catch-up runs in the background. */
  public Future<Void> start() {
    startedNanos = System.nanoTime();
    worker = vertx.createSharedWorkerExecutor("chorus-knowledge-index-" + dir.hashCode(), 1);
    return worker
        .executeBlocking(
            () -> {
              java.nio.file.Files.createDirectories(dir);
              return FactIndex.open(dir, embedder.modelId(), embedder.dimensions());
            })
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot open the knowledge index in " + dir + ": " + e.getMessage(), e)))
        .compose(
            opened -> {
              index = opened;
              LOG.info(
                  "knowledge index {} opened at seq {}{}",
                  dir,
                  opened.appliedSeq(),
                  opened.startedEmpty() ? " (rebuilding from the store)" : "");
              consumer = vertx.eventBus().consumer(CHANGED, m -> catchUp());
              if (pollMs > 0) {
                timer = vertx.setPeriodic(pollMs, id -> catchUp());
              }
              if (warmUp) {
                worker
                    .executeBlocking(() -> embedder.embed("warm up"))
                    .onFailure(e -> LOG.warn("embedding model warm-up failed: {}", e.toString()))
                    .onComplete(ar -> catchUp());
              } else {
                catchUp();
              }
              return consumer.completion();
            });
  }

  /** The index; null before {@link #start} completed. */
  public FactIndex index() {
    return index;
  }

  /**
   * Completes, on the caller's context, once every change the store had when it was called is in
   * the index. Calls while a catch-up runs share the next one.
   */
  public Future<Void> catchUp() {
    Context caller = Vertx.currentContext();
    Future<Void> f;
    synchronized (this) {
      if (stopped || index == null) {
        return Future.failedFuture(new IllegalStateException("the knowledge index is not open"));
      }
      if (running == null) {
        Promise<Void> run = Promise.promise();
        running = run.future();
        f = running;
        run()
            .onComplete(
                ar -> {
                  finished();
                  run.handle(ar);
                });
      } else {
        if (queued == null) {
          queued = Promise.promise();
        }
        f = queued.future();
      }
    }
    if (caller == null) {
      return f;
    }
    Promise<Void> onCaller = Promise.promise();
    f.onComplete(ar -> caller.runOnContext(v -> onCaller.handle(ar)));
    return onCaller.future();
  }

  private void finished() {
    Promise<Void> next;
    synchronized (this) {
      running = null;
      next = queued;
      queued = null;
    }
    if (next != null) {
      catchUp().onComplete(next);
    }
  }

  /** One catch-up: the store's head, then every page after the applied position. */
  private Future<Void> run() {
    int[] written = new int[2]; // in this catch-up, since the last publish
    return store
        .headSeq()
        .compose(
            head -> {
              headSeq = head;
              return page(index.appliedSeq(), written);
            })
        .compose(v -> written[1] > 0 || written[0] >= MERGE_AFTER ? finish(written) : done())
        .onSuccess(v -> firstDone())
        .onFailure(e -> LOG.warn("knowledge index catch-up failed: {}", e.toString()));
  }

  private Future<Void> page(long from, int[] written) {
    return store
        .changesSince(from, pageSize)
        .compose(
            page -> {
              if (page.isEmpty()) {
                return Future.<Void>succeededFuture();
              }
              long last = page.get(page.size() - 1).seq();
              headSeq = Math.max(headSeq, last);
              boolean more = page.size() == pageSize;
              Future<Void> applied =
                  worker.executeBlocking(
                      () -> {
                        apply(page, last);
                        written[0] += page.size();
                        written[1] += page.size();
                        // A catch-up that is not done yet keeps writing: one commit and one
                        // new searcher (one segment) per PUBLISH_EVERY changes, not per page.
                        if (!more || written[1] >= PUBLISH_EVERY) {
                          index.publish();
                          written[1] = 0;
                        }
                        return null;
                      });
              return applied.compose(
                  v -> more ? page(last, written) : Future.<Void>succeededFuture());
            });
  }

  /** After a catch-up: publishes what is left and merges when it wrote many changes. */
  private Future<Void> finish(int[] written) {
    return worker.executeBlocking(
        () -> {
          if (written[1] > 0) {
            index.publish();
          }
          if (written[0] >= MERGE_AFTER) {
            long t = System.nanoTime();
            int before = index.segments();
            index.merge(1);
            LOG.info(
                "knowledge index merged from {} segments to {} after {} changes in {} ms",
                before,
                index.segments(),
                written[0],
                (System.nanoTime() - t) / 1_000_000);
          }
          return null;
        });
  }

  private static Future<Void> done() {
    return Future.succeededFuture();
  }

  private void firstDone() {
    if (firstCatchUp.tryComplete()) {
      long nanos = System.nanoTime() - startedNanos;
      FactIndex idx = index;
      boolean rebuilt = idx != null && idx.startedEmpty();
      metrics.rebuilt(rebuilt, nanos);
      LOG.info(
          "knowledge index {} {} at seq {} in {} ms: {} facts",
          dir,
          rebuilt ? "rebuilt" : "caught up",
          idx == null ? 0 : idx.appliedSeq(),
          nanos / 1_000_000,
          size(idx));
    }
  }

  private static int size(FactIndex idx) {
    try {
      return idx == null ? 0 : idx.size();
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** On the index worker: embeds the approved facts and writes the page. */
  private void apply(List<Fact> facts, long upToSeq) throws java.io.IOException {
    List<FactIndex.Change> changes = new ArrayList<>(facts.size());
    List<Fact> toEmbed = new ArrayList<>();
    for (Fact f : facts) {
      if (f.status() == Fact.Status.APPROVED) {
        toEmbed.add(f);
      } else {
        changes.add(new FactIndex.Change(f, null));
      }
    }
    for (int i = 0; i < toEmbed.size(); i += EMBED_BATCH) {
      List<Fact> batch = toEmbed.subList(i, Math.min(toEmbed.size(), i + EMBED_BATCH));
      List<float[]> vectors = embed(batch);
      for (int j = 0; j < batch.size(); j++) {
        changes.add(new FactIndex.Change(batch.get(j), vectors == null ? null : vectors.get(j)));
      }
    }
    index.write(changes, upToSeq);
  }

  /** The batch's vectors; null when the embedder failed (those facts are found by keyword only). */
  private List<float[]> embed(List<Fact> batch) {
    try {
      return embedder.embedAll(batch.stream().map(FactIndex::indexText).toList());
    } catch (RuntimeException e) {
      LOG.warn(
          "embedding {} facts failed, indexed for keyword search only: {}",
          batch.size(),
          e.toString());
      return null;
    }
  }

  /** Stops following and closes the index. */
  public Future<Void> stop() {
    synchronized (this) {
      stopped = true;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    Future<Void> pending = running == null ? Future.succeededFuture() : running.otherwiseEmpty();
    return unregistered
        .eventually(() -> pending)
        .eventually(
            () ->
                worker == null
                    ? Future.succeededFuture()
                    : worker
                        .<Void>executeBlocking(
                            () -> {
                              if (index != null) {
                                index.close();
                              }
                              return null;
                            })
                        .eventually(() -> worker.close()));
  }
}
