package dev.chorus.collector.discord;

import dev.chorus.collector.Backoff;
import dev.chorus.collector.ConnectionIngest;
import dev.chorus.collector.HttpReplySender;
import dev.chorus.collector.IngestClient;
import dev.chorus.collector.PlatformLinks;
import dev.chorus.collector.ReplyInbox;
import dev.chorus.collector.ReplyThreads;
import dev.chorus.event.Envelope;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord collector's Gateway connection: one WebSocket session of the bot.
 *
 * <ul>
 *   <li>HELLO starts the heartbeat (first beat after a random fraction of the interval, then every
 *       interval, carrying the last sequence number); a beat whose predecessor was not acknowledged
 *       marks a zombie connection, which is closed and resumed. Op 1 is answered at once.
 *   <li>IDENTIFY with the token and intents on a new session; RESUME with the session id and the
 *       last sequence after a drop, to {@code resume_gateway_url}, so Discord replays what was
 *       missed. Op 7 (reconnect) resumes; op 9 resumes when Discord says it can, else identifies
 *       anew after 1–5 s.
 *   <li>Close codes that cannot be fixed by retrying (4004 authentication failed, 4010–4014 shard
 *       and intents errors) stop the collector with an error; every other drop reconnects with
 *       jittered exponential backoff.
 *   <li>At most {@value #MAX_SENDS} sends per 60 s, Discord's per-connection limit; heartbeats are
 *       always sent (they come at most once per interval).
 *   <li>MESSAGE_CREATE goes through {@link DiscordNormalizer} into the journal ({@link
 *       ConnectionIngest}); replies arrive in this instance's {@link ReplyInbox} and go out through
 *       the REST API ({@link DiscordReplies}).
 * </ul>
 */
public final class DiscordGatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordGatewayVerticle.class);
  static final int MAX_SENDS = 120;

  private final DiscordOptions options;
  private final PlatformLinks guilds;
  private final ChorusMetrics metrics;
  private final StateStore state;
  private final Backoff backoff;
  private final ArrayDeque<Long> sends = new ArrayDeque<>();
  private final ReplyThreads threads = new ReplyThreads();

  private IngestClient ingest;
  private DiscordNormalizer normalizer;
  private ConnectionIngest events;
  private WebSocketClient client;
  private WebSocket socket;
  private boolean stopping;
  private boolean fatal;
  private long heartbeat = -1;
  private boolean acked;
  private Long seq;
  private String sessionId;
  private String resumeUrl;

  public DiscordGatewayVerticle(
      DiscordOptions options, PlatformLinks guilds, StateStore state, ChorusMetrics metrics) {
    this.options = Objects.requireNonNull(options, "options");
    this.guilds = Objects.requireNonNull(guilds, "guilds");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.state = Objects.requireNonNull(state, "state");
    this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
  }

  public String origin() {
    return ingest.origin();
  }

  /** The session Discord gave this connection, null before READY (tests, diagnostics). */
  String sessionId() {
    return sessionId;
  }

  @Override
  public Future<?> start() {
    ingest = new IngestClient(vertx, metrics, Ids.next(), options.journalTimeout());
    normalizer = new DiscordNormalizer(guilds::communityOf, ingest.origin());
    events = new ConnectionIngest(vertx, ingest, metrics);
    client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxMessageSize(GatewayPayload.MAX_INBOUND)
                .setMaxFrameSize(GatewayPayload.MAX_INBOUND)
                .setConnectTimeout(10_000));
    DiscordReplies replies =
        new DiscordReplies(
            vertx,
            new HttpReplySender(vertx.createHttpClient(new HttpClientOptions()), 10_000),
            state,
            metrics,
            options,
            threads);
    return ReplyInbox.open(vertx, Platforms.DISCORD, ingest.origin(), replies::say)
        .compose(inbox -> guilds.refresh().recover(e -> Future.succeededFuture()))
        .onSuccess(
            v -> {
              vertx.setPeriodic(options.refresh().toMillis(), id -> guilds.refresh());
              connect();
            });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    stopHeartbeat();
    WebSocket s = socket;
    return (s == null ? Future.<Void>succeededFuture() : s.close((short) 1000, "stopping"))
        .recover(e -> Future.succeededFuture())
        .compose(v -> client.close());
  }

  private void connect() {
    if (stopping || fatal) {
      return;
    }
    String url = sessionId != null && resumeUrl != null ? resumeUrl : options.gatewayUrl();
    client
        .connect(new WebSocketConnectOptions().setAbsoluteURI(url))
        .onSuccess(this::connected)
        .onFailure(
            e -> {
              LOG.warn("Discord gateway: cannot connect to {}: {}", url, e.getMessage());
              reconnectLater();
            });
  }

  private void connected(WebSocket ws) {
    socket = ws;
    acked = true;
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> LOG.debug("Discord gateway: binary frame ignored"));
    ws.exceptionHandler(e -> LOG.debug("Discord gateway error: {}", e.toString()));
    ws.closeHandler(v -> closed(ws, ws.closeStatusCode(), ws.closeReason()));
  }

  private void closed(WebSocket ws, Short code, String reason) {
    if (socket != ws) {
      return;
    }
    socket = null;
    stopHeartbeat();
    if (stopping) {
      return;
    }
    int c = code == null ? -1 : code;
    if (c == 4004 || (c >= 4010 && c <= 4014)) {
      fatal = true;
      LOG.error("Discord gateway: closed with {} ({}); not reconnecting", c, reason);
      return;
    }
    if (c == 4007 || c == 4009) {
      sessionId = null; // the session cannot be resumed: identify anew
      seq = null;
    }
    LOG.info("Discord gateway: closed ({} {}); reconnecting", c, reason);
    reconnectLater();
  }

  private void reconnectLater() {
    if (stopping || fatal) {
      return;
    }
    long delay = backoff.nextDelayMs();
    vertx.setTimer(delay, id -> connect());
  }

  private void onText(String text) {
    GatewayPayload p;
    try {
      p = GatewayPayload.parse(text);
    } catch (GatewayFormatException e) {
      LOG.debug("Discord gateway: unreadable payload ignored: {}", e.getMessage());
      return;
    }
    if (p.s() != null) {
      seq = p.s();
    }
    switch (p.op()) {
      case GatewayOp.HELLO -> hello(p.heartbeatInterval());
      case GatewayOp.HEARTBEAT_ACK -> acked = true;
      case GatewayOp.HEARTBEAT -> send(GatewayPayload.heartbeat(seq), true);
      case GatewayOp.RECONNECT -> close(4000, "reconnect requested");
      case GatewayOp.INVALID_SESSION -> invalidSession(p.d() != null && p.d().asBoolean(false));
      case GatewayOp.DISPATCH -> dispatch(p);
      default -> LOG.debug("Discord gateway: op {} ignored", p.op());
    }
  }

  private void hello(long interval) {
    if (interval <= 0) {
      close(4000, "HELLO without heartbeat_interval");
      return;
    }
    stopHeartbeat();
    long first = Math.max(1, (long) (interval * Math.random()));
    heartbeat =
        vertx.setPeriodic(
            first,
            interval,
            id -> {
              if (!acked) {
                LOG.warn("Discord gateway: heartbeat not acknowledged; resuming");
                close(4000, "zombie connection");
                return;
              }
              acked = false;
              send(GatewayPayload.heartbeat(seq), true);
            });
    if (sessionId != null && seq != null) {
      send(GatewayPayload.resume(options.botToken(), sessionId, seq), false);
    } else {
      send(
          GatewayPayload.identify(options.botToken(), options.intents(), "linux", "chorus"), false);
    }
  }

  private void invalidSession(boolean resumable) {
    if (!resumable) {
      sessionId = null;
      seq = null;
    }
    LOG.info("Discord gateway: invalid session (resumable: {})", resumable);
    long wait = 1000 + (long) (Math.random() * 4000);
    WebSocket ws = socket;
    vertx.setTimer(
        Math.min(wait, options.backoffMax().toMillis()),
        id -> {
          if (socket == ws) {
            close(4000, "invalid session");
          }
        });
  }

  private void dispatch(GatewayPayload p) {
    if ("READY".equals(p.t())) {
      sessionId = p.d().path("session_id").asText(null);
      String url = p.d().path("resume_gateway_url").asText(null);
      resumeUrl =
          url != null && (url.startsWith("wss://") || url.startsWith("ws://"))
              ? withQuery(url)
              : null;
      backoff.reset();
      LOG.info("Discord gateway: ready (session established)");
      return;
    }
    if ("RESUMED".equals(p.t())) {
      backoff.reset();
      LOG.info("Discord gateway: session resumed");
      return;
    }
    DiscordNormalizer.Result result = normalizer.normalize(p, Instant.now());
    if (result instanceof DiscordNormalizer.Accepted accepted) {
      Envelope e = accepted.envelope();
      if (e.channel() != null && e.raw() != null && e.raw().get("messageId") instanceof String id) {
        threads.remember(e.id(), e.channel().id(), id);
      }
      events.ingest(e);
    } else if (result instanceof DiscordNormalizer.Ignored ignored) {
      LOG.debug("Discord gateway: {} ignored: {}", p.t(), ignored.reason());
    }
  }

  private String withQuery(String url) {
    int q = options.gatewayUrl().indexOf('?');
    return url.contains("?") || q < 0 ? url : url + options.gatewayUrl().substring(q);
  }

  /** Sends a payload within the per-connection limit; heartbeats always go. */
  private void send(GatewayPayload payload, boolean heartbeatBeat) {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    long now = System.nanoTime();
    while (!sends.isEmpty() && now - sends.peekFirst() > 60_000_000_000L) {
      sends.pollFirst();
    }
    if (!heartbeatBeat && sends.size() >= MAX_SENDS - 5) {
      LOG.warn("Discord gateway: send limit reached; op {} not sent", payload.op());
      return;
    }
    sends.addLast(now);
    ws.writeTextMessage(payload.toJson());
  }

  private void close(int code, String reason) {
    WebSocket ws = socket;
    if (ws != null) {
      ws.close((short) code, reason);
    }
  }

  private void stopHeartbeat() {
    if (heartbeat >= 0) {
      vertx.cancelTimer(heartbeat);
      heartbeat = -1;
    }
  }
}
