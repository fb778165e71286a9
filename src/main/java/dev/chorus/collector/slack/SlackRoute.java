package dev.chorus.collector.slack;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.collector.HttpReplySender;
import dev.chorus.collector.IngestClient;
import dev.chorus.collector.IngestOutcome;
import dev.chorus.collector.PlatformLinks;
import dev.chorus.collector.ReplyInbox;
import dev.chorus.collector.ReplyThreads;
import dev.chorus.collector.WebhookBodies;
import dev.chorus.collector.twitch.eventsub.InMemorySeenIds;
import dev.chorus.event.Envelope;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.JsonResponses;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/slack}: the Slack Events API. Verified and normalized by {@link
 * SlackEvents}; a person's message is journaled and answered 200 only once it is in the log, so
 * that Slack retries ({@code X-Slack-Retry-Num}) what Chorus did not store, and a retry of a stored
 * event is answered 200 and routed nothing (the seen-set, or on another instance the journal's
 * idempotent insert). {@code url_verification} is answered with its challenge. Replies to the
 * events this instance accepted go out through {@link SlackReplies}.
 *
 * <p>One per HTTP server instance, with its own ingest client, seen-set and reply inbox.
 */
public final class SlackRoute {

  private static final Logger LOG = LoggerFactory.getLogger(SlackRoute.class);
  public static final String PATH = "/webhooks/slack";

  /** Where the author's workspace flags go; the identity stage reads the same raw key. */
  static final String MEMBER_ROLES = "memberRoles";

  private final Vertx vertx;
  private final SlackOptions options;
  private final PlatformLinks teams;
  private final StateStore state;
  private final ChorusMetrics metrics;
  private final IngestClient ingest;
  private final ReplyThreads threads = new ReplyThreads();
  private final InMemorySeenIds seen;
  private final SlackEvents events;
  private SlackMembers members;

  public SlackRoute(
      Vertx vertx,
      SlackOptions options,
      PlatformLinks teams,
      StateStore state,
      ChorusMetrics metrics) {
    this.vertx = vertx;
    this.options = options;
    this.teams = teams;
    this.state = state;
    this.metrics = metrics;
    this.ingest = new IngestClient(vertx, metrics, Ids.next(), options.journalTimeout());
    this.seen = new InMemorySeenIds(options.seenCapacity());
    this.events =
        new SlackEvents(
            new SlackSignatureVerifier(options.signingSecret()),
            seen,
            teams::communityOf,
            ingest.origin());
  }

  public Future<Void> mount(Router router) {
    router
        .post(PATH)
        .handler(WebhookBodies.limit(SlackEvents.MAX_BODY))
        .handler(this::handle)
        .failureHandler(WebhookBodies.failures(SlackEvents.MAX_BODY));
    SlackReplies replies =
        new SlackReplies(
            vertx,
            new HttpReplySender(vertx.createHttpClient(new HttpClientOptions()), 10_000),
            state,
            metrics,
            options.apiUrl(),
            options.botToken(),
            options.perChannelInterval(),
            options.maxOutbound(),
            options.maxParts(),
            threads);
    if (options.memberFlags()) {
      members =
          new SlackMembers(
              vertx.createHttpClient(new HttpClientOptions()),
              options.apiUrl(),
              options.botToken(),
              Duration.ofSeconds(1));
    }
    vertx.setPeriodic(options.refresh().toMillis(), id -> teams.refresh());
    return ReplyInbox.open(vertx, Platforms.SLACK, ingest.origin(), replies::say)
        .compose(inbox -> teams.refresh().recover(e -> Future.succeededFuture()));
  }

  private void handle(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    SlackOutcome outcome = events.handle(ctx.request()::getHeader, body, Instant.now());
    if (outcome instanceof SlackOutcome.Ignored ignored
        && ignored.reason().startsWith("no community")) {
      // Perhaps linked since the last refresh: read the links again before giving up on it.
      teams
          .refresh()
          .onComplete(
              ar -> {
                seen.forget(eventId(body));
                answer(ctx, events.handle(ctx.request()::getHeader, body, Instant.now()));
              });
      return;
    }
    answer(ctx, outcome);
  }

  /**
   * A reply goes to the thread of the message: the message's own thread when it was said in one
   * (Slack threads are one level deep), else a new thread under the message.
   */
  private void rememberThread(Envelope e) {
    Object thread = e.raw().get("threadTs");
    Object ts = thread instanceof String ? thread : e.raw().get("ts");
    if (e.channel() != null && ts instanceof String t) {
      threads.remember(e.id(), e.channel().id(), t);
    }
  }

  private static String eventId(byte[] body) {
    try {
      return new io.vertx.core.json.JsonObject(io.vertx.core.buffer.Buffer.buffer(body))
          .getString("event_id");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * With {@code slack.memberFlags}: the author's workspace flags ({@link SlackMembers}) go to
   * {@code raw.memberRoles}, where the identity stage reads them for the community's role mapping.
   */
  private Future<Envelope> withMemberFlags(Envelope e) {
    if (members == null || e.author() == null) {
      return Future.succeededFuture(e);
    }
    return members
        .flags(String.valueOf(e.raw().get("teamId")), e.author().id())
        .map(
            flags -> {
              if (flags.isEmpty()) {
                return e;
              }
              Map<String, Object> raw = new LinkedHashMap<>(e.raw());
              raw.put(MEMBER_ROLES, flags);
              return e.withRaw(raw);
            });
  }

  private void answer(RoutingContext ctx, SlackOutcome outcome) {
    if (outcome instanceof SlackOutcome.Message m) {
      withMemberFlags(m.envelope()).onComplete(ar -> ingest(ctx, ar.result()));
    } else {
      answerOther(ctx, outcome);
    }
  }

  private void ingest(RoutingContext ctx, Envelope envelope) {
    String eventId = String.valueOf(envelope.raw().get("eventId"));
    rememberThread(envelope);
    ingest
        .ingest(envelope)
        .onComplete(
            ar -> {
              IngestOutcome result = ar.succeeded() ? ar.result() : IngestOutcome.UNAVAILABLE;
              if (result.acknowledge()) {
                ctx.response().setStatusCode(200).end();
                return;
              }
              seen.forget(eventId); // Slack's retry must get through
              metrics.rejected(Platforms.SLACK, result.code());
              LOG.warn("Slack: {} not stored: {}", kv("eventId", envelope.id()), result.code());
              if (result == IngestOutcome.INVALID) {
                JsonResponses.error(ctx, 400, result.code(), "the event cannot be stored");
                return;
              }
              ctx.response().putHeader("Retry-After", "1");
              JsonResponses.error(
                  ctx,
                  result == IngestOutcome.OVERLOADED ? 429 : 503,
                  result.code(),
                  "not stored; Slack retries");
            });
  }

  private void answerOther(RoutingContext ctx, SlackOutcome outcome) {
    if (outcome instanceof SlackOutcome.Challenge c) {
      ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain").end(c.challenge());
    } else if (outcome instanceof SlackOutcome.Duplicate d) {
      LOG.debug(
          "Slack: event {} delivered again (retry {})",
          d.eventId(),
          ctx.request().getHeader("X-Slack-Retry-Num"));
      ctx.response().setStatusCode(200).end();
    } else if (outcome instanceof SlackOutcome.Ignored i) {
      LOG.debug("Slack: ignored: {}", i.reason());
      ctx.response().setStatusCode(200).end();
    } else if (outcome instanceof SlackOutcome.Malformed m) {
      metrics.rejected(Platforms.SLACK, "malformed");
      JsonResponses.error(ctx, 400, "malformed", m.reason());
    } else if (outcome instanceof SlackOutcome.Rejected r) {
      String code = r.verification().name().toLowerCase(Locale.ROOT);
      metrics.rejected(Platforms.SLACK, code);
      LOG.info("Slack: request refused: {}", code);
      JsonResponses.error(
          ctx,
          r.verification().httpStatus(),
          code,
          switch (r.verification()) {
            case BAD_SIGNATURE -> "the signature does not match";
            case STALE -> "the timestamp is outside the 5-minute window";
            default -> "the Slack signature headers are missing or unreadable";
          });
    }
  }

  /** The route's options ({@code slack.*}). */
  public record SlackOptions(
      String signingSecret,
      String botToken,
      String apiUrl,
      Duration journalTimeout,
      int seenCapacity,
      Duration perChannelInterval,
      int maxOutbound,
      int maxParts,
      Duration refresh,
      boolean memberFlags) {
    @Override
    public String toString() {
      return "SlackOptions[apiUrl=" + apiUrl + "]";
    }
  }
}
