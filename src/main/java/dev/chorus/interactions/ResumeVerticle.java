package dev.chorus.interactions;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EnvelopeJson;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal drives processing: every {@code checkMs}, events journaled but not finished for
 * {@code resumeAfter} — their router, stage or process went away, or the router had no room — are
 * routed again from the start of their slip (stages are idempotent per event id, and egress says
 * each reply once). After {@code maxAttempts} they are dead-lettered with the reason. The same runs
 * after a restart, so an event accepted before a crash is resumed.
 *
 * <p>One instance per process that runs the log writer; several processes claiming at once never
 * get the same event ({@link InteractionLog#claimUnfinished}).
 */
final class ResumeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ResumeVerticle.class);
  private static final int CLAIM_LIMIT = 500;

  private final InteractionLog log;
  private final ChorusMetrics metrics;
  private final Duration resumeAfter;
  private final int maxAttempts;
  private final long checkMs;
  private boolean sweeping;

  ResumeVerticle(
      InteractionLog log,
      ChorusMetrics metrics,
      Duration resumeAfter,
      int maxAttempts,
      long checkMs) {
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.resumeAfter = resumeAfter;
    this.maxAttempts = maxAttempts;
    this.checkMs = checkMs;
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.register(vertx);
    vertx.setPeriodic(checkMs, checkMs, id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    log.claimUnfinished(resumeAfter, CLAIM_LIMIT)
        .onComplete(
            ar -> {
              sweeping = false;
              if (ar.failed()) {
                LOG.warn("resuming unfinished events failed: {}", ar.cause().toString());
                return;
              }
              ar.result().forEach(this::resume);
            });
  }

  private void resume(InteractionLog.Unfinished unfinished) {
    Envelope envelope;
    try {
      envelope = EnvelopeJson.decode(unfinished.payload());
    } catch (IllegalArgumentException e) {
      LOG.error(
          "{}: journaled payload is not an envelope, cannot resume: {}",
          kv("eventId", unfinished.eventId()),
          e.getMessage());
      vertx.eventBus().send(Addresses.INTERACTIONS, unfinished.eventId(), finished());
      return;
    }
    if (unfinished.attempts() > maxAttempts) {
      String reason =
          "unfinished after "
              + maxAttempts
              + " attempts (no router, stage or reply within "
              + resumeAfter.toMillis()
              + " ms each)";
      metrics.deadLetter("unfinished");
      LOG.warn("{} dead-lettered: {}", kv("eventId", envelope.id()), reason);
      vertx
          .eventBus()
          .send(
              Addresses.DEAD_LETTER,
              envelope,
              new DeliveryOptions().addHeader(Addresses.HEADER_REASON, reason));
      return;
    }
    metrics.resumed();
    LOG.info(
        "{} unfinished after {} ms: routing it again (attempt {})",
        kv("eventId", envelope.id()),
        resumeAfter.toMillis(),
        unfinished.attempts());
    vertx
        .eventBus()
        .send(
            Addresses.INGRESS,
            envelope,
            new DeliveryOptions()
                .addHeader(Addresses.HEADER_ATTEMPT, Integer.toString(unfinished.attempts())));
  }

  private static DeliveryOptions finished() {
    return new DeliveryOptions().addHeader(Addresses.HEADER_KIND, Addresses.KIND_FINISHED);
  }
}
