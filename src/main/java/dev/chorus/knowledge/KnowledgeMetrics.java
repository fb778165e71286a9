package dev.chorus.knowledge;

import dev.chorus.knowledge.index.FactIndex;
import dev.chorus.metrics.ChorusMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The knowledge role's meters, on the process's {@link ChorusMetrics} registry ({@code /metrics}):
 * the index's size and segments, how far it is behind the store's change feed, the question
 * embedding queue and its refusals, how long the first catch-up took, and searches that ran on
 * keywords alone. Names are constants here; tags take the few values listed.
 */
public final class KnowledgeMetrics {

  /** Searchable facts in this process's index. */
  public static final String DOCUMENTS = "chorus.knowledge.index.documents";

  /** Segments of the searchable index (each is searched on its own: few is fast). */
  public static final String SEGMENTS = "chorus.knowledge.index.segments";

  /** Change-feed positions the store has and this process's index has not applied yet. */
  public static final String FEED_LAG = "chorus.knowledge.feed.lag";

  /** Questions waiting for an embedding thread. */
  public static final String EMBEDDING_QUEUE = "chorus.knowledge.embedding.queue";

  /** Questions the full embedding queue refused (searched on keywords alone). */
  public static final String EMBEDDING_REFUSED = "chorus.knowledge.embedding.refused";

  /**
   * Duration of the first catch-up after start, tag {@code kind}: {@code rebuild} or {@code
   * resume}.
   */
  public static final String REBUILD = "chorus.knowledge.rebuild";

  /**
   * Searches without the vector side, tag {@code reason}: {@code queue_full}, {@code timeout} (the
   * embedding budget ran out) or {@code embedding_failed}.
   */
  public static final String DEGRADED = "chorus.knowledge.search.degraded";

  /** The {@code reason} values of {@link #DEGRADED}. */
  public enum Degraded {
    QUEUE_FULL,
    TIMEOUT,
    EMBEDDING_FAILED;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final ChorusMetrics metrics;
  private final Counter refused;
  private final Counter[] degraded = new Counter[Degraded.values().length];

  public KnowledgeMetrics(ChorusMetrics metrics) {
    this.metrics = metrics;
    this.refused =
        Counter.builder(EMBEDDING_REFUSED)
            .description("Questions the full embedding queue refused (searched on keywords alone)")
            .register(metrics.registry());
    for (Degraded d : Degraded.values()) {
      degraded[d.ordinal()] =
          Counter.builder(DEGRADED)
              .description("Knowledge searches that ran without the vector side, by reason")
              .tag("reason", d.tag())
              .register(metrics.registry());
    }
  }

  /** Meters that go nowhere but can be read back. */
  public static KnowledgeMetrics inMemory() {
    return new KnowledgeMetrics(ChorusMetrics.inMemory());
  }

  /** Registers the gauges read from the follower's index and the question queue. */
  void watch(IndexFollower follower, EmbeddingQueue queue) {
    metrics.gauge(
        DOCUMENTS,
        "Searchable facts in this process's knowledge index",
        of(follower, FactIndex::size));
    metrics.gauge(
        SEGMENTS,
        "Segments of this process's knowledge index (each searched on its own)",
        of(follower, FactIndex::segments));
    metrics.gauge(
        FEED_LAG,
        "Fact change-feed positions the store has and this process's index has not applied",
        follower::lag);
    metrics.gauge(EMBEDDING_QUEUE, "Questions waiting for an embedding thread", queue::waiting);
  }

  /** An index reading as a gauge value; NaN while the index is closed or not open yet. */
  private static java.util.function.Supplier<Number> of(
      IndexFollower follower, IndexReading reading) {
    return () -> {
      FactIndex idx = follower.index();
      if (idx == null) {
        return Double.NaN;
      }
      try {
        return reading.read(idx);
      } catch (java.io.IOException | RuntimeException e) {
        return Double.NaN; // closed while scraped
      }
    };
  }

  @FunctionalInterface
  private interface IndexReading {
    int read(FactIndex index) throws java.io.IOException;
  }

  void refused() {
    refused.increment();
  }

  void degraded(Degraded reason) {
    degraded[reason.ordinal()].increment();
  }

  void rebuilt(boolean fromEmpty, long nanos) {
    Timer.builder(REBUILD)
        .description("First catch-up of the knowledge index after start (rebuild or resume)")
        .tag("kind", fromEmpty ? "rebuild" : "resume")
        .maximumExpectedValue(Duration.ofHours(2))
        .register(metrics.registry())
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
