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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's {@link FactIndex} current with the {@link FactStore}: on start it reads the
 * change feed from where the index's last commit stopped (from 0 when the index is new or was made
 * by another model), then again every {@code pollMs} and whenever any instance in the cluster
 * publishes {@link #CHANGED} after a write. Facts are embedded and written on one worker thread of
 * its own, a page at a time, so indexing never competes with questions for the query queue.
 *
 * <p>Each catch-up re-reads the last {@link #LOOKBACK} positions of the feed: on PostgreSQL a write
 * can take a lower sequence number and commit after a higher one was read, and the look-back picks
 * it up. Rows already applied at that position are skipped, so nothing is embedded twice.
 */
public final class IndexFollower {

  /** Published (body: the community) after every write to the fact store. */
  public static final String CHANGED = Addresses.changed("fact");

  static final int LOOKBACK = 64;
  private static final int RECENT = 10_000;
  private static final int EMBED_BATCH = 32;
  private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);

  private final Vertx vertx;
  private final FactStore store;
  private final Embedder embedder;
  private final Path dir;
  private final long pollMs;
  private final int pageSize;
  private final boolean warmUp;
  private final Map<String, Long> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > RECENT;
        }
      };

  private WorkerExecutor worker;
  private volatile FactIndex index;
  private MessageConsumer<Object> consumer;
  private long timer = -1;
  private Future<Void> running;
  private Promise<Void> queued;
  private volatile boolean stopped;

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
      boolean warmUp) {
    this.vertx = vertx;
    this.warmUp = warmUp;
    this.store = store;
    this.embedder = embedder;
    this.dir = dir;
    this.pollMs = pollMs;
    this.pageSize = pageSize;
  }

  /** Opens the index and starts following; the first catch-up runs in the background. */
  public Future<Void> start() {
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
        run(Math.max(0, index.appliedSeq() - LOOKBACK))
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

  private Future<Void> run(long from) {
    return store
        .changesSince(from, pageSize)
        .compose(
            page -> {
              if (page.isEmpty()) {
                return Future.<Void>succeededFuture();
              }
              long last = page.get(page.size() - 1).seq();
              List<Fact> fresh = new ArrayList<>(page.size());
              synchronized (recent) {
                for (Fact f : page) {
                  Long seen = recent.get(f.id());
                  if (seen == null || seen < f.seq()) {
                    fresh.add(f);
                  }
                }
              }
              Future<Void> applied =
                  fresh.isEmpty() && last <= index.appliedSeq()
                      ? Future.succeededFuture()
                      : worker.executeBlocking(
                          () -> {
                            apply(fresh, last);
                            return null;
                          });
              return applied.compose(
                  v -> page.size() < pageSize ? Future.<Void>succeededFuture() : run(last));
            })
        .onFailure(e -> LOG.warn("knowledge index catch-up failed: {}", e.toString()));
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
    index.apply(changes, upToSeq);
    synchronized (recent) {
      for (Fact f : facts) {
        recent.put(f.id(), f.seq());
      }
    }
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
