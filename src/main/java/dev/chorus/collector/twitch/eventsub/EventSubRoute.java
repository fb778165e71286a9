package dev.chorus.collector.twitch.eventsub;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.collector.IngestClient;
import dev.chorus.collector.IngestOutcome;
import dev.chorus.collector.WebhookBodies;
import dev.chorus.collector.twitch.ChannelDirectory;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/twitch}: Twitch EventSub's webhook transport. The request is verified and
 * normalized by {@link EventSubWebhook}; a notification is journaled through the {@link
 * IngestClient} and answered 204 only once it is in the log (so Twitch redelivers what Chorus did
 * not store). Verification challenges are answered with the raw challenge, revocations logged and
 * answered 204, redeliveries (a message id seen before) answered 204 and ingested nothing.
 *
 * <table>
 *   <caption>answers</caption>
 *   <tr><td>notification stored (or stored before)</td><td>204</td></tr>
 *   <tr><td>challenge</td><td>200 text/plain, the challenge</td></tr>
 *   <tr><td>bad signature, stale timestamp</td><td>401 JSON</td></tr>
 *   <tr><td>missing headers, unreadable body</td><td>400 JSON</td></tr>
 *   <tr><td>the log is full</td><td>429 JSON, Retry-After</td></tr>
 *   <tr><td>the log is down</td><td>503 JSON, Retry-After</td></tr>
 * </table>
 *
 * <p>One per HTTP server instance; the seen-set is per instance, and a redelivery to another
 * instance is caught by the journal (the id is derived from the message id), so it is answered 204
 * and routed once either way.
 */
public final class EventSubRoute {

  private static final Logger LOG = LoggerFactory.getLogger(EventSubRoute.class);
  public static final String PATH = "/webhooks/twitch";
  static final long REFRESH_MS = 30_000;

  private final Vertx vertx;
  private final ChannelDirectory directory;
  private final ChorusMetrics metrics;
  private final IngestClient ingest;
  private final InMemorySeenIds seen;
  private final EventSubWebhook webhook;

  public EventSubRoute(
      Vertx vertx,
      String secret,
      ChannelDirectory directory,
      ChorusMetrics metrics,
      Duration journalTimeout,
      int seenCapacity) {
    this.vertx = vertx;
    this.directory = directory;
    this.metrics = metrics;
    this.ingest = new IngestClient(vertx, metrics, Ids.next(), journalTimeout);
    this.seen = new InMemorySeenIds(seenCapacity);
    this.webhook =
        new EventSubWebhook(
            new EventSubVerifier(secret, seen), new EventSubNormalizer(directory, ingest.origin()));
  }

  public Future<Void> mount(Router router) {
    router
        .post(PATH)
        .handler(WebhookBodies.limit(EventSubNormalizer.MAX_BODY))
        .handler(this::handle)
        .failureHandler(WebhookBodies.failures(EventSubNormalizer.MAX_BODY));
    // Unlinked channels leave the directory too (a miss alone only ever adds).
    vertx.setPeriodic(REFRESH_MS, id -> directory.refresh());
    return directory.refresh().mapEmpty();
  }

  private void handle(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    EventSubOutcome outcome = webhook.handle(ctx.request()::getHeader, body, Instant.now());
    if (outcome instanceof EventSubOutcome.Ignored ignored
        && ignored.reason().startsWith("no community")) {
      // Perhaps linked since the last refresh: read the links again before giving up on it.
      String messageId = ctx.request().getHeader(EventSubVerifier.MESSAGE_ID);
      directory
          .refresh()
          .onComplete(
              ar -> {
                seen.forget(messageId);
                answer(ctx, webhook.handle(ctx.request()::getHeader, body, Instant.now()));
              });
      return;
    }
    answer(ctx, outcome);
  }

  private void answer(RoutingContext ctx, EventSubOutcome outcome) {
    if (outcome instanceof EventSubOutcome.Notification n) {
      String messageId = ctx.request().getHeader(EventSubVerifier.MESSAGE_ID);
      ingest
          .ingest(n.envelope())
          .onComplete(
              ar -> {
                IngestOutcome result = ar.succeeded() ? ar.result() : IngestOutcome.UNAVAILABLE;
                if (result.acknowledge()) {
                  ctx.response().setStatusCode(204).end();
                  return;
                }
                seen.forget(messageId); // Twitch's redelivery must get through
                refused(ctx, result, n.envelope().id());
              });
    } else if (outcome instanceof EventSubOutcome.Challenge c) {
      LOG.info("EventSub: subscription verification answered");
      ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain").end(c.challenge());
    } else if (outcome instanceof EventSubOutcome.Revoked r) {
      LOG.warn(
          "EventSub: subscription {} ({}) revoked: {}",
          r.subscriptionId(),
          r.subscriptionType(),
          r.status());
      ctx.response().setStatusCode(204).end();
    } else if (outcome instanceof EventSubOutcome.Duplicate d) {
      LOG.debug("EventSub: message {} delivered again", d.messageId());
      ctx.response().setStatusCode(204).end();
    } else if (outcome instanceof EventSubOutcome.Ignored i) {
      LOG.debug("EventSub: ignored: {}", i.reason());
      ctx.response().setStatusCode(204).end();
    } else if (outcome instanceof EventSubOutcome.Malformed m) {
      metrics.rejected(Platforms.TWITCH, "malformed");
      JsonResponses.error(ctx, 400, "malformed", m.reason());
    } else if (outcome instanceof EventSubOutcome.Rejected r) {
      String code = r.verification().name().toLowerCase(Locale.ROOT);
      metrics.rejected(Platforms.TWITCH, code);
      LOG.info("EventSub: request refused: {}", code);
      JsonResponses.error(
          ctx,
          r.verification().httpStatus(),
          code,
          switch (r.verification()) {
            case BAD_SIGNATURE -> "the signature does not match";
            case STALE -> "the timestamp is outside the 10-minute window";
            default -> "the EventSub headers are missing or unreadable";
          });
    }
  }

  private void refused(RoutingContext ctx, IngestOutcome outcome, String eventId) {
    metrics.rejected(Platforms.TWITCH, outcome.code());
    LOG.warn("EventSub: {} not stored: {}", kv("eventId", eventId), outcome.code());
    switch (outcome) {
      case OVERLOADED -> {
        ctx.response().putHeader("Retry-After", "1");
        JsonResponses.error(ctx, 429, outcome.code(), "overloaded; redeliver later");
      }
      case INVALID -> JsonResponses.error(ctx, 400, outcome.code(), "the event cannot be stored");
      default -> {
        ctx.response().putHeader("Retry-After", "5");
        JsonResponses.error(ctx, 503, outcome.code(), "the log is unavailable; redeliver later");
      }
    }
  }
}
