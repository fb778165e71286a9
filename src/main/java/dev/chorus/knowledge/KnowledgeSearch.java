package dev.chorus.knowledge;

import dev.chorus.knowledge.index.FactHit;
import dev.chorus.knowledge.index.FactIndex;
import dev.chorus.knowledge.index.HybridRanking;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Hybrid search over one community's approved facts: the question is embedded on the {@link
 * EmbeddingQueue} while nothing else waits, then the keyword (BM25) and vector (HNSW) sides run on
 * a worker and are fused ({@link HybridRanking}). When the queue is full or the embedding takes
 * longer than the budget, the search runs on keywords alone and says so ({@link Result#degraded}).
 * Vector matches below the similarity floor are dropped, so that "nothing relevant" can be told
 * from "something".
 */
public final class KnowledgeSearch {

  /** Which sides to use; the single-side modes exist for the evaluation. */
  public enum Mode {
    HYBRID,
    VECTOR,
    KEYWORD
  }

  /**
   * @param minSimilarity cosine below which a vector match does not count
   * @param subjectBoost extra weight of a fact about the speaker or a person the question names
   * @param embedBudgetMs how long a search waits for the question's vector
   */
  public record Tuning(
      double minSimilarity, double subjectBoost, long embedBudgetMs, double keywordWeight) {

    /** The keyword side weighted like the vector side. */
    public Tuning(double minSimilarity, double subjectBoost, long embedBudgetMs) {
      this(minSimilarity, subjectBoost, embedBudgetMs, 1.0);
    }
  }

  /** Ranked facts, best first; {@code degraded} when the vector side was left out. */
  public record Result(List<FactHit> items, boolean degraded) {}

  private final Vertx vertx;
  private final Supplier<FactIndex> index;
  private final EmbeddingQueue queue;
  private final Tuning tuning;
  private final KnowledgeMetrics metrics;

  public KnowledgeSearch(
      Vertx vertx, Supplier<FactIndex> index, EmbeddingQueue queue, Tuning tuning) {
    this(vertx, index, queue, tuning, KnowledgeMetrics.inMemory());
  }

  public KnowledgeSearch(
      Vertx vertx,
      Supplier<FactIndex> index,
      EmbeddingQueue queue,
      Tuning tuning,
      KnowledgeMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.index = index;
    this.queue = queue;
    this.tuning = tuning;
  }

  public Future<Result> search(String community, String query, int k, Set<String> subjects) {
    return search(community, query, k, subjects, Mode.HYBRID);
  }

  public Future<Result> search(
      String community, String query, int k, Set<String> subjects, Mode mode) {
    FactIndex idx = index.get();
    if (idx == null) {
      return Future.failedFuture(new IllegalStateException("the knowledge index is not open"));
    }
    Future<float[]> vector =
        mode == Mode.KEYWORD ? Future.succeededFuture(null) : budgeted(queue.embed(query));
    return vector.compose(
        v ->
            vertx.executeBlocking(
                () -> rank(idx, tuning, community, query, k, subjects, mode, v), false));
  }

  /**
   * The vector, or null (counted as a degraded search) when the queue refused or the budget ran
   * out.
   */
  private Future<float[]> budgeted(Future<float[]> embedding) {
    if (embedding.failed()) {
      metrics.degraded(
          embedding.cause() instanceof EmbeddingQueue.QueueFullException
              ? KnowledgeMetrics.Degraded.QUEUE_FULL
              : KnowledgeMetrics.Degraded.EMBEDDING_FAILED);
      return Future.succeededFuture(null);
    }
    Promise<float[]> out = Promise.promise();
    long timer =
        vertx.setTimer(
            tuning.embedBudgetMs(),
            id -> {
              if (out.tryComplete(null)) {
                metrics.degraded(KnowledgeMetrics.Degraded.TIMEOUT);
              }
            });
    embedding.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            out.tryComplete(ar.result());
          } else if (out.tryComplete(null)) {
            metrics.degraded(KnowledgeMetrics.Degraded.EMBEDDING_FAILED);
          }
        });
    return out.future();
  }

  /**
   * The search itself, on the calling thread (blocking): both sides, the similarity floor and the
   * fusion. {@code vector} null means the keyword side alone.
   */
  public static Result rank(
      FactIndex idx,
      Tuning tuning,
      String community,
      String query,
      int k,
      Set<String> subjects,
      Mode mode,
      float[] vector)
      throws java.io.IOException {
    int candidates = Math.max(20, k * 5);
    boolean degraded = mode != Mode.KEYWORD && vector == null;
    List<FactHit> keyword =
        mode == Mode.VECTOR && !degraded ? List.of() : idx.keyword(community, query, candidates);
    List<FactHit> near =
        vector == null
            ? List.of()
            : idx.vector(community, vector, candidates).stream()
                .filter(h -> h.score() >= tuning.minSimilarity())
                .toList();
    List<FactHit> ranked =
        switch (mode) {
          case HYBRID ->
              HybridRanking.fuse(
                  keyword, near, tuning.keywordWeight(), subjects, tuning.subjectBoost(), k);
          case VECTOR ->
              HybridRanking.single(degraded ? keyword : near, subjects, tuning.subjectBoost(), k);
          case KEYWORD -> HybridRanking.single(keyword, subjects, tuning.subjectBoost(), k);
        };
    return new Result(ranked, degraded);
  }
}
