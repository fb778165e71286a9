package dev.chorus.moderation;

import io.vertx.core.Future;

/**
 * The spam detector while it trains: the process starts at once and the rules judge alone until the
 * detector is ready (about two seconds after start: the embedding model loads and embeds the
 * examples). {@code /health/ready} reports {@code moderation-detector} down meanwhile.
 */
final class WarmingScorer implements SpamScorer {

  /** The detector is still training; the message is judged by the rules alone. */
  static final class NotReady extends RuntimeException {
    NotReady() {
      super("spam detector is still training", null, false, false);
    }
  }

  private static final NotReady NOT_READY = new NotReady();

  private volatile SpamScorer ready;
  private volatile Throwable failed;

  void ready(SpamScorer scorer) {
    this.ready = scorer;
  }

  void failed(Throwable cause) {
    this.failed = cause;
  }

  boolean isReady() {
    return ready != null;
  }

  Throwable failure() {
    return failed;
  }

  @Override
  public Future<Double> score(String text) {
    SpamScorer s = ready;
    return s == null ? Future.failedFuture(NOT_READY) : s.score(text);
  }
}
