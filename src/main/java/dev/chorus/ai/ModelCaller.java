package dev.chorus.ai;

import dev.chorus.metrics.ChorusMetrics;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Calls the model the way a production bot must: on a bounded worker pool (the HTTP call blocks),
 * at most {@code maxConcurrent} at once per instance (beyond, refused at once with {@link Busy}
 * rather than queued: a chat answer that comes a minute late is worse than none), each attempt
 * bounded by the timeout, a 429 or 5xx retried with doubling backoff, and all of it inside a
 * circuit breaker: after {@code breakerFailures} failed calls in a row the breaker opens and calls
 * fail at once ({@code OpenCircuitException}) until {@code breakerResetMs} passed and a trial call
 * succeeds. Event-loop side: create and call it on the verticle's context.
 */
final class ModelCaller {

  /** Too many calls in flight on this instance. */
  static final class Busy extends RuntimeException {
    Busy() {
      super("too many model calls in flight", null, false, false);
    }
  }

  private final Vertx vertx;
  private final ChatModelClient model;
  private final WorkerExecutor workers;
  private final CircuitBreaker breaker;
  private final AiOptions options;
  private final ChorusMetrics metrics;
  private String breakerState = "closed";
  private int inFlight;

  ModelCaller(
      Vertx vertx,
      ChatModelClient model,
      WorkerExecutor workers,
      AiOptions options,
      ChorusMetrics metrics) {
    this.vertx = vertx;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.model = Objects.requireNonNull(model, "model");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.options = options;
    this.breaker =
        CircuitBreaker.create(
            "chorus-ai",
            vertx,
            new CircuitBreakerOptions()
                .setMaxFailures(options.breakerFailures())
                .setResetTimeout(options.breakerResetMs())
                .setTimeout(-1) // each attempt has its own timeout below
                .setFallbackOnFailure(false));
    metrics.aiBreaker(null, breakerState);
    breaker.openHandler(v -> breakerMoved("open"));
    breaker.halfOpenHandler(v -> breakerMoved("half_open"));
    breaker.closeHandler(v -> breakerMoved("closed"));
  }

  private synchronized void breakerMoved(String to) {
    if (breakerState != null && !breakerState.equals(to)) {
      metrics.aiBreaker(breakerState, to);
      breakerState = to;
    }
  }

  /** Closes the breaker and takes this instance out of the breaker gauge. */
  synchronized void close() {
    if (breakerState != null) {
      metrics.aiBreaker(breakerState, null);
      breakerState = null;
    }
    breaker.close();
  }

  CircuitBreakerState state() {
    return breaker.state();
  }

  String model() {
    return model.model();
  }

  /**
   * The model's answer; a failed call is counted in {@code chorus_ai_calls_total} here (by {@link
   * ModelFailures#outcome}), an answered one by the caller once it knows whether the reply was sent
   * or blocked. Calls that reached the provider are timed.
   */
  Future<ModelAnswer> call(Prompt prompt) {
    if (inFlight >= options.maxConcurrent()) {
      metrics.aiCall("busy");
      return Future.failedFuture(new Busy());
    }
    inFlight++;
    long[] started = {0};
    return breaker
        .<ModelAnswer>execute(
            promise -> {
              started[0] = System.nanoTime();
              attempt(prompt, 0).onComplete(promise);
            })
        .onComplete(
            ar -> {
              inFlight--;
              if (started[0] != 0) {
                metrics.aiCallLatency(
                    ar.succeeded() ? "ok" : "failed", System.nanoTime() - started[0]);
              }
              if (ar.failed()) {
                metrics.aiCall(ModelFailures.outcome(ar.cause()));
              }
            });
  }

  private Future<ModelAnswer> attempt(Prompt prompt, int retry) {
    return once(prompt)
        .recover(
            failure -> {
              if (retry >= options.retries() || !ModelFailures.retryable(failure)) {
                return Future.failedFuture(failure);
              }
              long pause = (long) options.retryBackoffMs() << retry;
              Promise<ModelAnswer> next = Promise.promise();
              vertx.setTimer(pause, t -> attempt(prompt, retry + 1).onComplete(next));
              return next.future();
            });
  }

  /** One call on a worker, failed after the timeout even if the worker is still waiting. */
  private Future<ModelAnswer> once(Prompt prompt) {
    Promise<ModelAnswer> result = Promise.promise();
    long timer =
        vertx.setTimer(
            options.timeoutMs() + 250L,
            t ->
                result.tryFail(
                    new TimeoutException("model call took over " + options.timeoutMs() + " ms")));
    workers
        .executeBlocking(() -> model.complete(prompt, options.maxOutputTokens()), false)
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              if (ar.succeeded()) {
                result.tryComplete(ar.result());
              } else {
                result.tryFail(ar.cause());
              }
            });
    return result.future();
  }
}
