package dev.chorus.moderation;

import dev.chorus.moderation.spam.SpamDetector;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/**
 * The spam detector as the stage calls it: asynchronously, off the event loop. The module builds
 * one per process over a bounded worker pool ({@link #onWorkers}); tests pass their own.
 */
@FunctionalInterface
public interface SpamScorer {

  /** The spam score of {@code text} in [0,1]. */
  Future<Double> score(String text);

  /** {@code detector} on {@code workers} (unordered, so the pool scores in parallel). */
  static SpamScorer onWorkers(SpamDetector detector, WorkerExecutor workers) {
    return text -> detector.score(workers, text);
  }
}
