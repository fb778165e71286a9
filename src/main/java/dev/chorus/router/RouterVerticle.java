package dev.chorus.router;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Hop;
import dev.chorus.event.RoutingSlip;
import dev.chorus.event.Step;
import dev.chorus.logging.RateLimitedLog;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives each accepted envelope through its routing slip, one stage at a time, by request/reply on
 * {@code chorus.stage.<name>} with the step's timeout.
 *
 * <ul>
 *   <li>A timed-out step with {@code retries} left is sent again (the event bus picks the next
 *       instance of the stage when there are several); so is a step that found no handler, after a
 *       short pause (an instance that left the cluster, still listed for a moment).
 *   <li>An optional step whose stage is absent, fails or times out is skipped.
 *   <li>A required step that cannot finish, a stage refusing the event (4xx), an event type without
 *       a route, and overload all dead-letter the envelope with the reason.
 *   <li>A stage may stop the slip ({@link Envelope#stop}); then only {@code always} steps run.
 * </ul>
 *
 * Finished envelopes are published on {@link Addresses#OVERLAY}.
 */
public final class RouterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RouterVerticle.class);
  private static final DeliveryOptions FINISHED =
      new DeliveryOptions().addHeader(Addresses.HEADER_KIND, Addresses.KIND_FINISHED);

  /** Pause before retrying a step that found no handler (a member leaving the cluster). */
  private static final long NO_HANDLER_RETRY_MS = 100;

  private final RateLimitedLog sheddingLog = new RateLimitedLog(LOG, 10_000);

  private final RouteTable routes;
  private final ChorusMetrics metrics;
  private final int maxInFlight;
  private final int maxQueued;

  /** Slips this instance is driving; only touched on its event loop. */
  private int running;

  private final FairQueue waiting;

  /**
   * @param maxInFlight slips this instance drives at once
   * @param maxQueued envelopes that may wait for a free slot; beyond, the newest of the community
   *     with the most waiting is left to the journal to route again later
   */
  public RouterVerticle(RouteTable routes, ChorusMetrics metrics, int maxInFlight, int maxQueued) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
    this.waiting = new FairQueue(maxQueued);
  }

  /**
   * Envelopes still waiting when the router stops are journaled and unfinished: the journal routes
   * them again (at least once), so they are just let go here.
   */
  @Override
  public Future<?> stop() {
    int left = waiting.size();
    while (!waiting.isEmpty()) {
      waiting.poll();
      metrics.routerQueue().decrementAndGet();
      metrics.inFlight().decrementAndGet();
    }
    if (left > 0) {
      LOG.info("router stopped with {} events waiting; the journal will route them again", left);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.register(vertx);
    return vertx
        .eventBus()
        .<Object>consumer(
            Addresses.INGRESS,
            message -> {
              if (Addresses.KIND_PROBE.equals(message.headers().get(Addresses.HEADER_KIND))) {
                message.reply(null); // a collector checking that a router is there
              } else if (message.body() instanceof Envelope envelope) {
                route(envelope);
              } else {
                LOG.error(
                    "dropped a non-envelope message on {}: {}",
                    Addresses.INGRESS,
                    message.body() == null ? "null" : message.body().getClass().getName());
              }
            })
        .completion();
  }

  /**
   * Admits one envelope: it starts at once while fewer than {@code maxInFlight} slips run on this
   * instance, else waits in its community's FIFO queue ({@link FairQueue}); beyond that it is shed,
   * not dead-lettered: it is journaled and the journal routes it again later. Limiting the slips
   * that run keeps the stages' queues short, so a burst adds waiting time here instead of making
   * steps time out.
   */
  void route(Envelope envelope) {
    if (running >= maxInFlight) {
      Envelope shed = waiting.offer(envelope);
      if (shed != envelope) {
        metrics.routerQueue().incrementAndGet();
        metrics.inFlight().incrementAndGet();
      }
      if (shed != null) {
        if (shed != envelope) {
          metrics.routerQueue().decrementAndGet();
          metrics.inFlight().decrementAndGet();
        }
        shed(shed);
      }
      return;
    }
    metrics.inFlight().incrementAndGet();
    begin(envelope);
  }

  /**
   * Over capacity: the event is journaled and unfinished, so it is not dead-lettered — the journal
   * routes it again once it is due ({@code log.resumeAfterMs}). Its community's share of the
   * waiting room is full, or the whole room is.
   */
  private void shed(Envelope envelope) {
    metrics.routerShed();
    sheddingLog.warn(
        "shed",
        "router over capacity ({} running, {} waiting): {} left to the journal",
        maxInFlight,
        waiting.size(),
        envelope.id());
  }

  private void begin(Envelope envelope) {
    RoutingSlip slip = envelope.slip();
    if (slip.isDone()) {
      var configured = routes.slipFor(envelope.type());
      if (configured.isEmpty()) {
        metrics.inFlight().decrementAndGet();
        deadLetter(envelope, "no_route", "no route for type " + envelope.type());
        return;
      }
      slip = configured.get();
    }
    running++;
    Promise<Void> finished = Promise.promise();
    finished
        .future()
        .onComplete(
            v -> {
              running--;
              metrics.inFlight().decrementAndGet();
              admitWaiting();
            });
    next(envelope.withSlip(slip), finished);
  }

  private void admitWaiting() {
    while (running < maxInFlight && !waiting.isEmpty()) {
      metrics.routerQueue().decrementAndGet();
      begin(waiting.poll());
    }
  }

  private void next(Envelope envelope, Promise<Void> finished) {
    RoutingSlip slip = envelope.slip();
    if (slip.isDone()) {
      metrics.completed(envelope.type(), envelope.isStopped() ? "stopped" : "done");
      finished.complete();
      // The journal stops resuming it. Sent, not requested: a lost notice means one more run.
      vertx.eventBus().send(Addresses.INTERACTIONS, envelope.id(), FINISHED);
      LOG.debug("{} finished: {}", kv("eventId", envelope.id()), envelope.trace());
      vertx.eventBus().publish(Addresses.OVERLAY, envelope);
      return;
    }
    attempt(slip.head(), envelope.withSlip(slip.rest()), 0, finished);
  }

  private void attempt(Step step, Envelope envelope, int attempt, Promise<Void> finished) {
    long start = System.nanoTime();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(step.timeoutMs());
    vertx
        .eventBus()
        .<Object>request(Addresses.stage(step.stage()), envelope, options)
        .onComplete(
            ar -> {
              long nanos = System.nanoTime() - start;
              if (ar.succeeded() && !(ar.result().body() instanceof Envelope)) {
                metrics.stageLatency(step.stage(), "failed", nanos);
                giveUp(
                    envelope.withHop(new Hop(step.stage(), nanos / 1000, "failed")),
                    "error",
                    "stage " + step.stage() + " replied with something other than an envelope",
                    finished);
                return;
              }
              if (ar.succeeded()) {
                Envelope result = (Envelope) ar.result().body();
                String outcome = result.isStopped() && !envelope.isStopped() ? "stopped" : "ok";
                metrics.stageLatency(step.stage(), outcome, nanos);
                next(result.withHop(new Hop(step.stage(), nanos / 1000, outcome)), finished);
                return;
              }
              ReplyFailure failure =
                  ar.cause() instanceof ReplyException re ? re.failureType() : ReplyFailure.ERROR;
              int code = ar.cause() instanceof ReplyException re ? re.failureCode() : -1;
              if (failure == ReplyFailure.TIMEOUT && attempt < step.retries()) {
                metrics.stageLatency(step.stage(), "retried", nanos);
                LOG.debug(
                    "{}: stage {} timed out after {} ms, retrying",
                    kv("eventId", envelope.id()),
                    step.stage(),
                    step.timeoutMs());
                attempt(
                    step,
                    envelope.withHop(new Hop(step.stage(), nanos / 1000, "retried")),
                    attempt + 1,
                    finished);
                return;
              }
              if ((failure == ReplyFailure.NO_HANDLERS || failure == ReplyFailure.ERROR)
                  && attempt < step.retries()) {
                // An instance leaving the cluster (its handlers are gone while other members may
                // still list them for a moment), or one that died (the request could not be
                // written to it): the request did not run. Retry once the registry has caught up.
                metrics.stageLatency(step.stage(), "retried", nanos);
                Envelope retried = envelope.withHop(new Hop(step.stage(), nanos / 1000, "retried"));
                vertx.setTimer(
                    NO_HANDLER_RETRY_MS, t -> attempt(step, retried, attempt + 1, finished));
                return;
              }
              String reason = reason(step, failure, code);
              boolean eventAtFault =
                  failure == ReplyFailure.RECIPIENT_FAILURE && code >= 400 && code < 500;
              if (step.optional() && !eventAtFault) {
                metrics.stageLatency(step.stage(), "skipped", nanos);
                LOG.debug(
                    "{}: optional stage {} skipped ({})",
                    kv("eventId", envelope.id()),
                    step.stage(),
                    reason);
                next(envelope.withHop(new Hop(step.stage(), nanos / 1000, "skipped")), finished);
                return;
              }
              metrics.stageLatency(step.stage(), "failed", nanos);
              giveUp(
                  envelope.withHop(new Hop(step.stage(), nanos / 1000, "failed")),
                  tag(failure),
                  reason + ": " + ar.cause().getMessage(),
                  finished);
            });
  }

  /** Ends the slip of an in-flight envelope as a dead letter. */
  private void giveUp(Envelope envelope, String tag, String reason, Promise<Void> finished) {
    metrics.completed(envelope.type(), "dead_letter");
    finished.complete();
    deadLetter(envelope, tag, reason);
  }

  private static String reason(Step step, ReplyFailure failure, int code) {
    return switch (failure) {
      case TIMEOUT -> "timeout at " + step.stage();
      case NO_HANDLERS -> "no stage " + step.stage();
      case RECIPIENT_FAILURE -> "stage " + step.stage() + " failed (" + code + ")";
      case ERROR -> "error at " + step.stage();
    };
  }

  private static String tag(ReplyFailure failure) {
    return switch (failure) {
      case TIMEOUT -> "timeout";
      case NO_HANDLERS -> "no_handler";
      case RECIPIENT_FAILURE -> "stage_failed";
      case ERROR -> "error";
    };
  }

  /**
   * Sends the envelope to the dead-letter address (the interaction log records it) and logs it.
   *
   * @param tag a small fixed vocabulary for the metric: timeout, no_handler, stage_failed, error,
   *     overloaded, no_route
   * @param reason the human-readable reason stored with the dead letter
   */
  private void deadLetter(Envelope envelope, String tag, String reason) {
    metrics.deadLetter(tag);
    LOG.warn("{} dead-lettered: {}", kv("eventId", envelope.id()), reason);
    vertx
        .eventBus()
        .send(
            Addresses.DEAD_LETTER,
            envelope,
            new DeliveryOptions().addHeader(Addresses.HEADER_REASON, reason));
  }
}
