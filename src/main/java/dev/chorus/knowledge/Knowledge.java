package dev.chorus.knowledge;

import dev.chorus.embedding.Embedder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the knowledge stage and the admin API share in one process: the store, the index follower,
 * the search and the rules for who may teach what. Writes go to the store, then tell every instance
 * ({@link IndexFollower#CHANGED}) and wait until this process's index has them, so a fact taught
 * here is found here by the next question.
 */
public final class Knowledge {

  /**
   * @param trustModerators facts a moderator teaches are approved at once
   * @param maxFactLength longest fact text accepted
   * @param maxPending most facts a community may have waiting for review
   * @param contextFacts how many facts go into the envelope's {@code facts} entry
   * @param botNames names that address the bot in chat ({@code @chorus …}, {@code chorus, …})
   */
  public record Rules(
      boolean trustModerators,
      int maxFactLength,
      int maxPending,
      int contextFacts,
      List<String> botNames) {}

  /** How long a write waits for this process's index before it answers anyway. */
  static final long INDEX_WAIT_MS = 500;

  private final Vertx vertx;
  private final FactStore store;
  private final IndexFollower follower;
  private final EmbeddingQueue queue;
  private final KnowledgeSearch search;
  private final Rules rules;

  private Knowledge(
      Vertx vertx,
      FactStore store,
      IndexFollower follower,
      EmbeddingQueue queue,
      KnowledgeSearch search,
      Rules rules) {
    this.vertx = vertx;
    this.store = store;
    this.follower = follower;
    this.queue = queue;
    this.search = search;
    this.rules = rules;
  }

  /**
   * Wires the parts over one index in {@code indexDir}; {@code follower().start()} opens it.
   *
   * @param pollMs how often the change feed is read besides change events (0: only on events)
   * @param embedThreads threads embedding questions
   * @param embedQueue questions that may wait for them
   * @param warmUp load the model at start instead of at the first embedding
   */
  public static Knowledge create(
      Vertx vertx,
      FactStore store,
      Embedder embedder,
      Path indexDir,
      long pollMs,
      int embedThreads,
      int embedQueue,
      boolean warmUp,
      KnowledgeSearch.Tuning tuning,
      Rules rules) {
    return create(
        vertx,
        store,
        embedder,
        indexDir,
        pollMs,
        embedThreads,
        embedQueue,
        warmUp,
        tuning,
        rules,
        KnowledgeMetrics.inMemory());
  }

  /** {@link #create} with the process's meters ({@link KnowledgeMetrics}). */
  public static Knowledge create(
      Vertx vertx,
      FactStore store,
      Embedder embedder,
      Path indexDir,
      long pollMs,
      int embedThreads,
      int embedQueue,
      boolean warmUp,
      KnowledgeSearch.Tuning tuning,
      Rules rules,
      KnowledgeMetrics metrics) {
    IndexFollower follower =
        new IndexFollower(vertx, store, embedder, indexDir, pollMs, PAGE, warmUp, metrics);
    EmbeddingQueue queue = new EmbeddingQueue(embedder, embedThreads, embedQueue, metrics);
    KnowledgeSearch search = new KnowledgeSearch(vertx, follower::index, queue, tuning, metrics);
    metrics.watch(follower, queue);
    return new Knowledge(vertx, store, follower, queue, search, rules);
  }

  /** Changes read from the store's feed at a time. */
  static final int PAGE = 256;

  /** Stops following, closes the index and the question workers. */
  public Future<Void> close() {
    return follower
        .stop()
        .eventually(
            () -> {
              queue.close();
              return Future.succeededFuture();
            });
  }

  public FactStore store() {
    return store;
  }

  public KnowledgeSearch search() {
    return search;
  }

  public IndexFollower follower() {
    return follower;
  }

  public Rules rules() {
    return rules;
  }

  /**
   * After a write: tells every knowledge instance and waits (boundedly) for this one's index. The
   * write has succeeded either way; a slow index only means the fact is found a moment later.
   */
  public <T> Future<T> changed(String community, T result) {
    vertx.eventBus().publish(IndexFollower.CHANGED, community);
    io.vertx.core.Promise<T> done = io.vertx.core.Promise.promise();
    long timer = vertx.setTimer(INDEX_WAIT_MS, id -> done.tryComplete(result));
    follower
        .catchUp()
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              done.tryComplete(result);
            });
    return done.future();
  }

  /** A written fact that may be absent (conditional update), announced when present. */
  public Future<Optional<Fact>> changedIfPresent(String community, Optional<Fact> result) {
    return result.isPresent() ? changed(community, result) : Future.succeededFuture(result);
  }
}
