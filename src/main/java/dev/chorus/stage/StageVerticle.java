package dev.chorus.stage;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every routing-slip stage: consumes {@code chorus.stage.<name>} as request/reply, hands
 * the envelope to {@link #process(Envelope)} and replies with the envelope it returns. A failed or
 * throwing {@code process} is answered with a failure (code 500, or the {@link StageException}'s
 * code) and logged once here, with the event id; the router decides what happens next.
 */
public abstract class StageVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StageVerticle.class);

  private MessageConsumer<Envelope> consumer;

  /** The stage's name, as used in {@code conf/routes.yaml}. */
  public abstract String name();

  /** Turns an envelope into the next one. Must not block the event loop. */
  protected abstract Future<Envelope> process(Envelope envelope);

  /** Checks collaborators and opens resources before the stage starts consuming. */
  protected Future<?> startStage() {
    return Future.succeededFuture();
  }

  @Override
  public final Future<?> start() {
    EnvelopeCodec.register(vertx);
    return startStage()
        .compose(
            v -> {
              consumer = vertx.eventBus().consumer(Addresses.stage(name()), this::handle);
              return consumer.completion();
            });
  }

  private void handle(Message<Envelope> message) {
    Envelope in = message.body();
    Future<Envelope> out;
    try {
      out = process(in);
    } catch (RuntimeException e) {
      out = Future.failedFuture(e);
    }
    out.onComplete(
        ar -> {
          if (ar.succeeded()) {
            message.reply(ar.result());
          } else {
            Throwable cause = ar.cause();
            int code = cause instanceof StageException se ? se.code() : 500;
            if (code >= 500) {
              LOG.warn(
                  "stage {} failed on {}: {}", name(), kv("eventId", in.id()), cause.toString());
            } else {
              LOG.debug(
                  "stage {} refused {}: {}", name(), kv("eventId", in.id()), cause.getMessage());
            }
            message.fail(code, name() + ": " + cause.getMessage());
          }
        });
  }

  /** A completed future of {@code envelope}, for stages that decide synchronously. */
  protected static Future<Envelope> done(Envelope envelope) {
    return Future.succeededFuture(envelope);
  }
}
