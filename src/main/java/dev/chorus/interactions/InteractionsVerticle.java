package dev.chorus.interactions;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Reply;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interaction-log writer. Consumes {@link Addresses#INTERACTIONS} (request/reply; header {@code
 * chorus-kind} = {@code event} or {@code reply}) and {@link Addresses#DEAD_LETTER}. The reply to an
 * event is {@code true} once it is durable and new, {@code false} for a duplicate id; a failure
 * ({@link Addresses#FAILURE_OVERLOADED} or {@link Addresses#FAILURE_UNAVAILABLE}) means it was not
 * stored.
 */
public final class InteractionsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(InteractionsVerticle.class);

  private final InteractionLog log;
  private final ChorusMetrics metrics;
  private final int batchSize;
  private final int maxQueue;
  private InteractionLogWriter writer;

  public InteractionsVerticle(
      InteractionLog log, ChorusMetrics metrics, int batchSize, int maxQueue) {
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.batchSize = batchSize;
    this.maxQueue = maxQueue;
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.register(vertx);
    writer = new InteractionLogWriter(log, batchSize, maxQueue, metrics);
    var interactions =
        vertx.eventBus().<Envelope>consumer(Addresses.INTERACTIONS, this::onInteraction);
    var deadLetters =
        vertx.eventBus().<Envelope>consumer(Addresses.DEAD_LETTER, this::onDeadLetter);
    return Future.all(interactions.completion(), deadLetters.completion());
  }

  /** Flushes what is queued before the verticle goes away (consumers are already unregistered). */
  @Override
  public Future<?> stop() {
    return writer.drain();
  }

  private void onInteraction(Message<Envelope> message) {
    Envelope envelope = message.body();
    String kind = message.headers().get(Addresses.HEADER_KIND);
    if (kind == null || Addresses.KIND_EVENT.equals(kind)) {
      writer
          .submit(Interaction.ofEvent(envelope))
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  message.reply(ar.result());
                } else {
                  fail(message, envelope, ar.cause());
                }
              });
    } else if (Addresses.KIND_REPLY.equals(kind)) {
      Instant now = Instant.now();
      List<Future<Boolean>> writes = new ArrayList<>();
      for (Reply reply : envelope.replies()) {
        writes.add(writer.submit(Interaction.ofReply(envelope, reply, now)));
      }
      Future.all(writes)
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  message.reply(Boolean.TRUE);
                } else {
                  fail(message, envelope, ar.cause());
                }
              });
    } else {
      LOG.warn("{}: unknown interaction kind '{}'", kv("eventId", envelope.id()), kind);
      message.fail(400, "unknown interaction kind " + kind);
    }
  }

  private void onDeadLetter(Message<Envelope> message) {
    Envelope envelope = message.body();
    String reason = message.headers().get(Addresses.HEADER_REASON);
    writer
        .submit(
            Interaction.ofDeadLetter(envelope, reason == null ? "unknown" : reason, Instant.now()))
        .onFailure(
            e ->
                LOG.error(
                    "{}: dead letter not logged: {}", kv("eventId", envelope.id()), e.toString()));
  }

  private static void fail(Message<Envelope> message, Envelope envelope, Throwable cause) {
    if (cause instanceof InteractionLogWriter.OverloadedException) {
      message.fail(Addresses.FAILURE_OVERLOADED, "overloaded: " + cause.getMessage());
    } else {
      LOG.error(
          "{}: interaction log write failed: {}", kv("eventId", envelope.id()), cause.toString());
      message.fail(Addresses.FAILURE_UNAVAILABLE, "interaction log unavailable");
    }
  }
}
