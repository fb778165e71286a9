package dev.chorus.collector;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Ids;
import dev.chorus.logging.RateLimitedLog;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal → ack → ingress sequence every collector needs, as one call. {@link #ingest} journals
 * the envelope through {@link Addresses#INTERACTIONS} and, only when the log answers that the id is
 * new, sends it to {@link Addresses#INGRESS}; the returned {@link IngestOutcome} tells the
 * collector whether to acknowledge to its platform.
 *
 * <p>One per collector instance. Its {@link #origin()} is that instance's id: every envelope is
 * stamped with it, so that replies come back to the instance holding the platform connection (see
 * {@link ReplyInbox}). It keeps no state between calls; the journal reply and the outcome arrive on
 * the caller's context. When the process's {@link IngestHealth} knows the log or the router to be
 * down, it answers {@link IngestOutcome#UNAVAILABLE} at once, without a journal round trip.
 */
public final class IngestClient {

  private static final Logger LOG = LoggerFactory.getLogger(IngestClient.class);
  private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, 10_000);

  /** How long the log may take to answer when the collector does not say. */
  public static final Duration DEFAULT_JOURNAL_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final ChorusMetrics metrics;
  private final String origin;
  private final DeliveryOptions journal;
  private final CommunityGate communities;
  private IngestHealth health;

  /** A client with a fresh origin and the default journal timeout. */
  public IngestClient(Vertx vertx, ChorusMetrics metrics) {
    this(vertx, metrics, Ids.next(), DEFAULT_JOURNAL_TIMEOUT);
  }

  /**
   * @param origin the collector instance's id, unique in the cluster (e.g. {@link Ids#next()})
   * @param journalTimeout how long to wait for the log's answer; beyond it the outcome is {@link
   *     IngestOutcome#UNAVAILABLE} (the event may still be stored: a resend is then a duplicate)
   */
  public IngestClient(Vertx vertx, ChorusMetrics metrics, String origin, Duration journalTimeout) {
    this(vertx, metrics, origin, journalTimeout, new CommunityGate(vertx));
  }

  /**
   * @param communities the check every event passes before it is journaled (events of unknown
   *     communities are {@link IngestOutcome#UNKNOWN_COMMUNITY})
   */
  public IngestClient(
      Vertx vertx,
      ChorusMetrics metrics,
      String origin,
      Duration journalTimeout,
      CommunityGate communities) {
    this.communities = Objects.requireNonNull(communities, "communities");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    if (origin == null || origin.isBlank()) {
      throw new IllegalArgumentException("origin is required");
    }
    this.origin = origin;
    if (journalTimeout == null || journalTimeout.isNegative() || journalTimeout.isZero()) {
      throw new IllegalArgumentException("journalTimeout must be positive");
    }
    this.journal =
        new DeliveryOptions()
            .setSendTimeout(journalTimeout.toMillis())
            .addHeader(Addresses.HEADER_KIND, Addresses.KIND_EVENT);
    EnvelopeCodec.register(vertx);
  }

  /** This collector instance's id: the suffix of its egress address. */
  public String origin() {
    return origin;
  }

  /** What became of one event, with the id the journal knows it by. */
  public record Ingested(IngestOutcome outcome, String eventId) {}

  /**
   * Journals {@code envelope} (stamped with {@link #origin()}) under its own id as idempotency key,
   * as platform messages with deterministic ids do, and routes it when it is new.
   */
  public Future<IngestOutcome> ingest(Envelope envelope) {
    return ingest(envelope, null).map(Ingested::outcome);
  }

  /**
   * Journals {@code envelope} (stamped with {@link #origin()}) and routes it when it is new. The
   * future always succeeds; the outcome says what happened. Accepted events are counted in {@link
   * ChorusMetrics#accepted}; counting refusals is left to the collector, which refuses for reasons
   * of its own too.
   *
   * @param key the idempotency key, already scoped by its source (e.g. {@code web:<user>:<client
   *     id>}); {@code null} when the event id is the key. A second event with the key of a
   *     journaled one is a {@link IngestOutcome#DUPLICATE} and answered with the first one's id.
   */
  public Future<Ingested> ingest(Envelope envelope, String key) {
    Envelope stamped = stamp(Objects.requireNonNull(envelope, "envelope"));
    IngestHealth health = health();
    String refusal = health == null ? null : health.refusal();
    if (refusal != null) {
      // Known down: refuse now rather than hold the input for the journal timeout.
      REFUSALS.warn("refused", "{} refused at once: {}", kv("eventId", stamped.id()), refusal);
      return Future.succeededFuture(new Ingested(IngestOutcome.UNAVAILABLE, stamped.id()));
    }
    return communities
        .check(stamped.community())
        .compose(
            verdict ->
                switch (verdict) {
                  case KNOWN -> journal(stamped, key);
                  case UNKNOWN -> refused(stamped, IngestOutcome.UNKNOWN_COMMUNITY);
                  case UNAVAILABLE -> refused(stamped, IngestOutcome.UNAVAILABLE);
                });
  }

  /** An event of an unknown community is neither journaled nor routed. */
  private static Future<Ingested> refused(Envelope envelope, IngestOutcome outcome) {
    LOG.debug(
        "{} not accepted ({}): community {}",
        kv("eventId", envelope.id()),
        outcome.code(),
        envelope.community());
    return Future.succeededFuture(new Ingested(outcome, envelope.id()));
  }

  private Future<Ingested> journal(Envelope stamped, String key) {
    DeliveryOptions options = key == null ? journal : keyed(key);
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.INTERACTIONS, stamped, options)
        .transform(ar -> Future.succeededFuture(settle(stamped, ar)));
  }

  private DeliveryOptions keyed(String key) {
    return new DeliveryOptions(journal).addHeader(Addresses.HEADER_KEY, key);
  }

  private Ingested settle(Envelope envelope, AsyncResult<Message<JsonObject>> journaled) {
    if (journaled.failed()) {
      IngestOutcome outcome = refusal(journaled.cause());
      IngestHealth health = health();
      if (health != null) {
        if (outcome == IngestOutcome.UNAVAILABLE) {
          health.journalFailed(journaled.cause());
        } else {
          health.journalAnswered();
        }
      }
      REFUSALS.warn(
          outcome.code(),
          "{} not accepted ({}): {}",
          kv("eventId", envelope.id()),
          outcome.code(),
          journaled.cause().getMessage());
      return new Ingested(outcome, envelope.id());
    }
    IngestHealth health = health();
    if (health != null) {
      health.journalAnswered();
    }
    JsonObject answer = journaled.result().body();
    String id = answer == null ? envelope.id() : answer.getString("id", envelope.id());
    if (answer == null || !answer.getBoolean("new", false)) {
      LOG.debug(
          "{} was journaled before as {}: not routed again", kv("eventId", envelope.id()), id);
      return new Ingested(IngestOutcome.DUPLICATE, id);
    }
    // Journaled means accepted: it is routed whatever the platform connection does meanwhile.
    metrics.accepted(envelope.type(), envelope.platform());
    vertx.eventBus().send(Addresses.INGRESS, envelope);
    return new Ingested(IngestOutcome.ACCEPTED, id);
  }

  /**
   * 429 from the log is back-pressure, 400 a permanent refusal of this input; anything else (503,
   * timeout, no handler) is an outage.
   */
  static IngestOutcome refusal(Throwable cause) {
    if (cause instanceof ReplyException re) {
      if (re.failureCode() == Addresses.FAILURE_OVERLOADED) {
        return IngestOutcome.OVERLOADED;
      }
      if (re.failureCode() == Addresses.FAILURE_INVALID) {
        return IngestOutcome.INVALID;
      }
    }
    return IngestOutcome.UNAVAILABLE;
  }

  /** The process's {@link IngestHealth}, once installed. */
  private IngestHealth health() {
    if (health == null) {
      health = IngestHealth.of(vertx);
    }
    return health;
  }

  private Envelope stamp(Envelope e) {
    if (origin.equals(e.origin())) {
      return e;
    }
    return new Envelope(
        e.id(),
        e.v(),
        e.type(),
        e.community(),
        e.platform(),
        e.channel(),
        e.author(),
        e.text(),
        e.raw(),
        e.context(),
        e.replies(),
        e.slip(),
        e.trace(),
        e.receivedAt(),
        origin);
  }
}
