package dev.chorus.stage;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.ContextKey;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a stage decided about an event as a row of its own in the interaction log: a {@code
 * system.<kind>} event derived from the original (same community, platform, channel, author and
 * text; {@code raw.eventId} names the original; the decision in its context under {@code key}). Its
 * id derives from the original's, so a resumed event records its decision once. The row is of kind
 * {@code record} ({@link Addresses#KIND_RECORD}), not {@code event}: it is never counted as an
 * accepted event, never routed and never resumed.
 *
 * <p>Fire and forget for the stage: a log that does not answer costs the record (warned with the
 * event id), never the event.
 */
public final class AuditTrail {

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private static final DeliveryOptions JOURNAL =
      new DeliveryOptions()
          .setSendTimeout(10_000)
          .addHeader(Addresses.HEADER_KIND, Addresses.KIND_RECORD);

  private final Vertx vertx;
  private final String kind;

  /**
   * @param kind the record's kind: its type is {@code system.<kind>}
   */
  public AuditTrail(Vertx vertx, String kind) {
    this.vertx = vertx;
    this.kind = kind;
    EnvelopeCodec.register(vertx);
  }

  /** The record of {@code value} about {@code event}, as it is journaled. */
  public <T> Envelope record(Envelope event, ContextKey<T> key, T value) {
    return new Envelope(
            Ids.forPlatformMessage(kind, event.community(), event.id(), event.receivedAt()),
            Envelope.VERSION,
            "system." + kind,
            event.community(),
            event.platform(),
            event.channel(),
            event.author(),
            event.text(),
            Map.of("eventId", event.id()),
            null,
            null,
            null,
            null,
            event.receivedAt(),
            null)
        .with(key, value);
  }

  /** Logs the record; completes when the log answered. */
  public <T> Future<Void> write(Envelope event, ContextKey<T> key, T value) {
    Envelope record = record(event, key, value);
    return vertx
        .eventBus()
        .request(Addresses.INTERACTIONS, record, JOURNAL)
        .onFailure(
            e ->
                LOG.warn(
                    "{}: {} record not journaled: {}",
                    kv("eventId", event.id()),
                    kind,
                    e.getMessage()))
        .mapEmpty();
  }
}
