package dev.chorus.knowledge;

import dev.chorus.embedding.Embedder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Question embedding on a few worker threads behind a bounded queue. A full queue refuses at once
 * ({@link QueueFullException}) instead of making the caller wait: the search then runs on keywords
 * alone. The event loop never runs the model.
 */
public final class EmbeddingQueue implements AutoCloseable {

  /** The queue had no room: search without the vector side. */
  public static final class QueueFullException extends RuntimeException {
    QueueFullException() {
      super("embedding queue full", null, false, false);
    }
  }

  private final Embedder embedder;
  private final ThreadPoolExecutor executor;
  private final KnowledgeMetrics metrics;

  public EmbeddingQueue(Embedder embedder, int threads, int capacity) {
    this(embedder, threads, capacity, KnowledgeMetrics.inMemory());
  }

  public EmbeddingQueue(Embedder embedder, int threads, int capacity, KnowledgeMetrics metrics) {
    this.embedder = embedder;
    this.metrics = metrics;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            r -> {
              Thread t = new Thread(r, "chorus-embed-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  public Embedder embedder() {
    return embedder;
  }

  /**
   * The vector of {@code text}, completed on the caller's Vert.x context; failed at once with
   * {@link QueueFullException} when the queue is full.
   */
  public Future<float[]> embed(String text) {
    Context ctx = Vertx.currentContext();
    Promise<float[]> promise = Promise.promise();
    try {
      executor.execute(
          () -> {
            float[] v;
            try {
              v = embedder.embed(text);
            } catch (RuntimeException | Error e) {
              complete(ctx, () -> promise.tryFail(e));
              return;
            }
            complete(ctx, () -> promise.tryComplete(v));
          });
    } catch (RejectedExecutionException e) {
      metrics.refused();
      return Future.failedFuture(new QueueFullException());
    }
    return promise.future();
  }

  private static void complete(Context ctx, Runnable action) {
    if (ctx == null) {
      action.run();
    } else {
      ctx.runOnContext(v -> action.run());
    }
  }

  /** Questions waiting for a worker. */
  public int waiting() {
    return executor.getQueue().size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
