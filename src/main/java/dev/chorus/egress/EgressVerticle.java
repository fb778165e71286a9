package dev.chorus.egress;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Delivery;
import dev.chorus.event.Envelope;
import dev.chorus.event.Reply;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.stage.StageVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress stage: hands each reply to the collector that accepted the event ({@link
 * Addresses#egress(String, String)}) and records the replies in the interaction log. Runs as an
 * {@code always} step so that replies of a stopped slip (a moderation warning) still go out.
 *
 * <p>Direct-message replies ({@code dm:<user id>}) are first addressed as their platform delivers
 * them, or said in the event's channel with a logged reason ({@link DirectMessages}).
 *
 * <p>Delivery payload: the JSON object form of {@link Delivery} (a collector reads it back with
 * {@code collector.ReplyInbox}).
 */
public final class EgressVerticle extends StageVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(EgressVerticle.class);
  public static final String NAME = "egress";

  private static final DeliveryOptions JOURNAL_REPLIES =
      new DeliveryOptions().addHeader(Addresses.HEADER_KIND, Addresses.KIND_REPLY);

  private final ChorusMetrics metrics;

  public EgressVerticle(ChorusMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Journals the replies first and delivers only those stored for the first time: reply ids derive
   * from the event's, so an event the journal routes again (after a crash or a timeout) says
   * nothing twice. A reply journaled whose delivery is then lost (the process dies in between) is
   * not delivered again: at most once per reply, against at least once per event.
   */
  @Override
  protected Future<Envelope> process(Envelope received) {
    if (received.replies().isEmpty()) {
      return done(received);
    }
    Envelope envelope = DirectMessages.resolve(received);
    if (envelope.replies().isEmpty()) {
      return done(envelope);
    }
    return vertx
        .eventBus()
        .<JsonArray>request(Addresses.INTERACTIONS, envelope, JOURNAL_REPLIES)
        .map(
            journaled -> {
              Set<Object> fresh = new HashSet<>(journaled.body().getList());
              for (Reply reply : envelope.replies()) {
                if (!fresh.contains(reply.id())) {
                  LOG.debug(
                      "{}: reply {} was sent before", kv("eventId", envelope.id()), reply.id());
                  continue;
                }
                JsonObject delivery = new JsonObject(Delivery.of(reply).toJson());
                vertx
                    .eventBus()
                    .send(Addresses.egress(reply.platform(), envelope.origin()), delivery);
                metrics.replySent(reply.platform());
              }
              return envelope;
            });
  }
}
