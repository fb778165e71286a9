package dev.chorus.bench;

import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Drives an in-process pipeline flat out: keeps {@code window} envelopes in flight by sending them
 * to {@code input} and counting one finished when it is published on {@code done}. Runs on its own
 * event loop; {@link #finished()} completes with the result once the run and its drain are over.
 * With a {@code metrics} source (the Prometheus text of the router's process) it scrapes the
 * router's stage-latency histograms when the measured window starts and ends: the run's {@link
 * StageBudget}.
 */
final class PipelineDriver extends VerticleBase {

  /**
   * Events finished per second in the measured window, and their latency in microseconds.
   *
   * @param budget the stages' share of it (null without a metrics source)
   * @param loadAverage the machine's load average when the window ended
   */
  record Result(
      double perSecond,
      Histogram latency,
      long sent,
      long finished,
      long lost,
      StageBudget budget,
      double loadAverage,
      JfrCpuShare cpu) {

    Result withCpu(JfrCpuShare cpu) {
      return new Result(perSecond, latency, sent, finished, lost, budget, loadAverage, cpu);
    }

    /** Mean latency in ms. */
    double meanMs() {
      return latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1000;
    }
  }

  private static final long LOST_AFTER_NANOS = 10_000_000_000L;

  private final String input;
  private final String done;
  private final LongFunction<Envelope> factory;
  private final int window;
  private final Duration warmup;
  private final Duration duration;
  private final Supplier<String> metrics;
  private String metricsAtStart;
  private String metricsAtEnd;
  private double loadAverage = -1;
  private final Map<String, Long> started = new HashMap<>();
  private final Histogram latency = new Histogram(60_000_000L, 3);
  private final Promise<Result> finished = Promise.promise();
  private long seq;
  private long measureStart;
  private long measureEnd;
  private long inWindow;
  private long completed;
  private long lost;

  PipelineDriver(
      String input,
      String done,
      LongFunction<Envelope> factory,
      int window,
      Duration warmup,
      Duration duration) {
    this(input, done, factory, window, warmup, duration, null);
  }

  PipelineDriver(
      String input,
      String done,
      LongFunction<Envelope> factory,
      int window,
      Duration warmup,
      Duration duration,
      Supplier<String> metrics) {
    this.metrics = metrics;
    this.input = input;
    this.done = done;
    this.factory = factory;
    this.window = window;
    this.warmup = warmup;
    this.duration = duration;
  }

  Future<Result> finished() {
    return finished.future();
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.register(vertx);
    return vertx
        .eventBus()
        .<Envelope>consumer(done, m -> onDone(m.body()))
        .completion()
        .onSuccess(
            v -> {
              measureStart = System.nanoTime() + warmup.toNanos();
              measureEnd = measureStart + duration.toNanos();
              if (metrics != null) {
                vertx.setTimer(Math.max(1, warmup.toMillis()), t -> metricsAtStart = metrics.get());
              }
              vertx.setTimer(
                  Math.max(1, warmup.plus(duration).toMillis()),
                  t -> {
                    loadAverage = Report.loadAverage();
                    if (metrics != null) {
                      metricsAtEnd = metrics.get();
                    }
                  });
              fill();
              vertx.setPeriodic(1000, t -> sweep());
              vertx.setTimer(warmup.plus(duration).plusSeconds(30).toMillis(), t -> finish());
            });
  }

  private void fill() {
    long now = System.nanoTime();
    while (started.size() < window && now < measureEnd) {
      Envelope envelope = factory.apply(seq++);
      started.put(envelope.id(), now);
      vertx.eventBus().send(input, envelope);
    }
    if (now >= measureEnd && started.isEmpty()) {
      finish();
    }
  }

  /**
   * An envelope that never comes out (dead-lettered, dropped) would hold its place in the window
   * for good, and a run whose first envelopes all failed would send nothing more: after {@link
   * #LOST_AFTER_NANOS} it is counted as lost and its place given to a new one.
   */
  private void sweep() {
    long now = System.nanoTime();
    int before = started.size();
    started.values().removeIf(start -> now - start > LOST_AFTER_NANOS);
    lost += before - started.size();
    if (before != started.size() || (now >= measureEnd && started.isEmpty())) {
      fill();
    }
  }

  private void onDone(Envelope envelope) {
    Long start = started.remove(envelope.id());
    if (start == null) {
      return;
    }
    long now = System.nanoTime();
    completed++;
    if (start >= measureStart && now < measureEnd) {
      latency.recordValue(Math.min(60_000_000L, (now - start) / 1000));
    }
    if (now >= measureStart && now < measureEnd) {
      inWindow++;
    }
    fill();
  }

  private void finish() {
    if (finished.future().isComplete()) {
      return;
    }
    if (metrics != null && metricsAtEnd == null) {
      metricsAtEnd = metrics.get();
    }
    StageBudget budget =
        metricsAtStart == null
            ? null
            : StageBudget.between(
                metricsAtStart,
                metricsAtEnd,
                inWindow,
                latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1000);
    finished.tryComplete(
        new Result(
            inWindow / (duration.toNanos() / 1e9),
            latency,
            seq,
            completed,
            lost,
            budget,
            loadAverage < 0 ? Report.loadAverage() : loadAverage,
            null));
  }
}
