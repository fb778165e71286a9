package dev.chorus.moderation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.moderation.spam.SpamDetector;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/**
 * The spam detector as the stage calls it: asynchronously, off the event loop. The module builds
 * one per process over a bounded worker pool ({@link #onWorkers}); tests pass their own.
 */
@FunctionalInterface
public interface SpamScorer {

  /** Distinct texts whose score {@link #onWorkers} remembers. */
  int CACHED_TEXTS = 50_000;

  /** Texts longer than this are always scored afresh (they rarely repeat; bounds the memory). */
  int CACHED_MAX_CHARS = 500;

  /** The spam score of {@code text} in [0,1]. */
  Future<Double> score(String text);

  /**
   * {@code detector} on {@code workers} (unordered, so the pool scores in parallel). A trained
   * detector is a pure function of the text, and chat repeats itself — emotes, commands, and above
   * all the copy-pasted lines of a spam flood — so the last {@link #CACHED_TEXTS} scores are
   * remembered: a repeated text costs a lookup instead of an embedding (milliseconds of CPU).
   */
  static SpamScorer onWorkers(SpamDetector detector, WorkerExecutor workers) {
    Cache<String, Double> scores = Caffeine.newBuilder().maximumSize(CACHED_TEXTS).build();
    return text -> {
      if (text.length() > CACHED_MAX_CHARS) {
        return detector.score(workers, text);
      }
      Double known = scores.getIfPresent(text);
      if (known != null) {
        return Future.succeededFuture(known);
      }
      return detector.score(workers, text).onSuccess(score -> scores.put(text, score));
    };
  }
}
