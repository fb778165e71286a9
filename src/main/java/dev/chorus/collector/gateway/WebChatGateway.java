package dev.chorus.collector.gateway;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.collector.IngestClient;
import dev.chorus.collector.IngestOutcome;
import dev.chorus.collector.ReplyInbox;
import dev.chorus.event.Addresses;
import dev.chorus.event.Delivery;
import dev.chorus.event.Envelope;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.ClientAddress;
import dev.chorus.module.WebSocketPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web-chat collector: the {@code /ws/chat} WebSocket and the chat page at {@code /}.
 *
 * <p>Each frame is normalized ({@link ChatFrame}) and handed to the collector kit's {@link
 * IngestClient}, which journals it and routes it when it is new; the socket gets an ack for {@link
 * IngestOutcome#ACCEPTED} and {@link IngestOutcome#DUPLICATE} (a resend is acknowledged again but
 * not routed again) and an error frame otherwise. Replies arrive in the instance's {@link
 * ReplyInbox} ({@code chorus.egress.web.<origin>}) and go to the socket that sent the event.
 *
 * <p>One instance per HTTP server verticle; it lives on that verticle's event loop.
 */
public final class WebChatGateway {

  private static final Logger LOG = LoggerFactory.getLogger(WebChatGateway.class);

  /** Error codes added to {@link ChatFrame}'s for conditions outside the frame. */
  public static final String OVERLOADED = IngestOutcome.OVERLOADED.code();

  public static final String UNAVAILABLE = IngestOutcome.UNAVAILABLE.code();

  /** Options of the gateway (from {@code gateway.*}). */
  public record Options(
      int maxTextLength,
      int maxFrameBytes,
      WebSocketPolicy origins,
      int maxPendingPerConnection,
      long journalTimeoutMs) {}

  /**
   * Lines each room keeps for pages that (re)join; bytes queued to a socket before it is dropped.
   */
  private static final int ROOM_HISTORY = 100;

  private static final int ROOM_WRITE_QUEUE_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final Options options;
  private final ChorusMetrics metrics;

  /**
   * Which connection each routed event came from, so replies find their socket. Bounded and
   * expiring.
   */
  /** Where a routed event's replies go: the socket, and the id the client knows the event by. */
  private record Sender(Connection connection, String clientId) {}

  private final Cache<String, Sender> inFlight =
      Caffeine.newBuilder()
          .maximumSize(200_000)
          .expireAfterWrite(Duration.ofMinutes(2))
          .executor(Runnable::run)
          .build();

  private final io.micrometer.core.instrument.Timer acceptTime;
  private final IngestClient ingest;
  private final ChatGuards guards;
  private final ChatRoom room;

  /** Signed-in connections of this instance by the id of their token, to close on revocation. */
  private final Map<String, Set<Connection>> byToken = new HashMap<>();

  /** Close code of a connection whose web-chat token was revoked. */
  public static final short TOKEN_REVOKED = 4001;

  private final class Connection {
    final ServerWebSocket socket;
    int pending;
    boolean closed;
    ConnectionGuard guard;
    WebSignIn.SignedIn signedIn;

    Connection(ServerWebSocket socket) {
      this.socket = socket;
    }
  }

  /** A gateway with the default client limits ({@link WebChatLimits#DEFAULTS}) of its own. */
  public WebChatGateway(Vertx vertx, Options options, ChorusMetrics metrics) {
    this(vertx, options, metrics, new ChatGuards(WebChatLimits.DEFAULTS, metrics));
  }

  /**
   * @param guards the process's client limits, shared by its gateway instances (per-person rates
   *     count over all of a person's connections)
   */
  public WebChatGateway(Vertx vertx, Options options, ChorusMetrics metrics, ChatGuards guards) {
    this.guards = Objects.requireNonNull(guards, "guards");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.acceptTime = metrics.gatewayAccept(Platforms.WEB);
    this.ingest =
        new IngestClient(vertx, metrics, Ids.next(), Duration.ofMillis(options.journalTimeoutMs()));
    this.room = new ChatRoom(vertx, metrics, ROOM_HISTORY, ROOM_WRITE_QUEUE_BYTES);
  }

  /**
   * Mounts {@code /ws/chat} and the chat page, and starts listening for replies. Call from the
   * owning verticle.
   */
  public Future<Void> mount(Router router) {
    router.get("/ws/chat").handler(this::upgrade);
    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    // The inbox and the room live as long as this verticle's context: undeploying unregisters them.
    Future<Void> revocations =
        vertx
            .eventBus()
            .<JsonObject>consumer(Addresses.API_KEY_CHANGED, m -> revoked(m.body()))
            .completion();
    return Future.all(
            ReplyInbox.open(vertx, Platforms.WEB, origin(), this::deliver),
            room.start(),
            revocations)
        .mapEmpty();
  }

  /** A revoked token (this process's or another's): its connections here are closed. */
  private void revoked(JsonObject notice) {
    String id = notice == null ? null : notice.getString("key");
    Set<Connection> signed = id == null ? null : byToken.remove(id);
    if (signed == null) {
      return;
    }
    LOG.info("closing {} web-chat connection(s) of revoked token {}", signed.size(), id);
    for (Connection c : List.copyOf(signed)) {
      if (!c.socket.isClosed()) {
        c.socket.close(TOKEN_REVOKED, "the web-chat token was revoked");
      }
    }
  }

  /** The egress address suffix of this instance. */
  public String origin() {
    return ingest.origin();
  }

  private void upgrade(RoutingContext ctx) {
    if (!options.origins().admit(ctx, "/ws/chat")) {
      return;
    }
    String token = ctx.request().getParam("token");
    if (token != null) {
      ctx.request().pause();
      WebSignIn.check(vertx, ctx.request().getParam("community"), token)
          .onSuccess(signedIn -> accept(ctx, signedIn))
          .onFailure(e -> refuseSignIn(ctx));
      return;
    }
    accept(ctx, null);
  }

  private void accept(RoutingContext ctx, WebSignIn.SignedIn signedIn) {
    String client = ClientAddress.of(ctx).host();
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket -> {
              Connection connection = open(socket, client);
              connection.signedIn = signedIn;
              if (signedIn != null && signedIn.tokenId() != null) {
                byToken.computeIfAbsent(signedIn.tokenId(), k -> new HashSet<>()).add(connection);
              }
            })
        .onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.toString()));
  }

  private static void refuseSignIn(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(401)
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("error", "invalid_token")
                .put("message", "the web-chat token is not valid for this community")
                .encode());
  }

  private Connection open(ServerWebSocket socket, String client) {
    Connection connection = new Connection(socket);
    metrics.wsConnections().incrementAndGet();
    options.origins().keepAlive(vertx, socket);
    // Size, UTF-8, rate and backpressure limits (ConnectionGuard) before any frame is parsed.
    connection.guard =
        guards.watch(
            vertx,
            socket,
            client,
            text -> onFrame(connection, text),
            binary ->
                error(
                    connection, ChatFrame.INVALID_JSON, "send JSON text frames, not binary", null));
    socket.exceptionHandler(e -> LOG.debug("WebSocket error: {}", e.toString()));
    socket.closeHandler(
        v -> {
          connection.closed = true;
          if (connection.signedIn != null && connection.signedIn.tokenId() != null) {
            Set<Connection> signed = byToken.get(connection.signedIn.tokenId());
            if (signed != null && signed.remove(connection) && signed.isEmpty()) {
              byToken.remove(connection.signedIn.tokenId());
            }
          }
          room.leave(socket);
          metrics.wsConnections().decrementAndGet();
        });
    return connection;
  }

  private void onFrame(Connection connection, String text) {
    long received = System.nanoTime();
    if (ChatRoom.mayBeJoin(text)) {
      String refused = room.join(connection.socket, text);
      if (refused != null) {
        if (!refused.isEmpty()) {
          error(connection, ChatFrame.INVALID_FIELD, refused, null);
        }
        return;
      }
    }
    ChatFrame.Parsed parsed =
        ChatFrame.parse(
            text, options.maxFrameBytes(), options.maxTextLength(), Instant.now(), origin());
    if (!parsed.ok()) {
      error(connection, parsed.code(), parsed.message(), parsed.clientId());
      return;
    }
    if (!connection.guard.admit(
        parsed.envelope().community(),
        parsed.envelope().author().id(),
        (code, message) -> error(connection, code, message, parsed.clientId()))) {
      return;
    }
    if (connection.pending >= options.maxPendingPerConnection()) {
      error(
          connection,
          OVERLOADED,
          "more than " + options.maxPendingPerConnection() + " messages awaiting their ack",
          parsed.clientId());
      return;
    }
    Envelope envelope = WebSignIn.apply(parsed.envelope(), connection.signedIn);
    if (envelope == null) {
      error(
          connection,
          WebSignIn.RESERVED_USER,
          "user ids starting with signed: belong to signed-in users",
          parsed.clientId());
      return;
    }
    String clientId = parsed.clientId();
    // The client's id is a key, not the event id: scoped to this user so it cannot collide with
    // another's, and never choosing the event's time or partition (the server's receive time does).
    String key =
        clientId == null ? null : Platforms.WEB + ":" + envelope.author().id() + ":" + clientId;
    connection.pending++;
    ingest
        .ingest(envelope, key)
        .onComplete(
            ar -> {
              connection.pending--;
              IngestOutcome outcome =
                  ar.succeeded() ? ar.result().outcome() : IngestOutcome.UNAVAILABLE;
              if (outcome == IngestOutcome.ACCEPTED) {
                // The envelope is on its way to the router, but its reply can only reach this
                // event loop after this callback returns: registering the socket now is in time.
                inFlight.put(envelope.id(), new Sender(connection, clientId));
              }
              if (!outcome.acknowledge()) {
                error(
                    connection,
                    outcome.code(),
                    switch (outcome) {
                      case OVERLOADED -> "the bot is overloaded, resend later";
                      case INVALID -> "the message cannot be stored: " + ar.result().eventId();
                      case UNKNOWN_COMMUNITY ->
                          "community '" + envelope.community() + "' does not exist";
                      default -> "the interaction log is unavailable, resend later";
                    },
                    clientId == null ? envelope.id() : clientId);
                return;
              }
              if (connection.closed) {
                return;
              }
              connection.socket.writeTextMessage(
                  new JsonObject()
                      .put("type", "ack")
                      .put("id", clientId == null ? ar.result().eventId() : clientId)
                      .put("eventId", ar.result().eventId())
                      .encode());
              acceptTime.record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
            });
  }

  private void deliver(Delivery reply) {
    Sender sender = reply.inReplyTo() == null ? null : inFlight.getIfPresent(reply.inReplyTo());
    Connection connection = sender == null ? null : sender.connection();
    if (connection == null || connection.closed) {
      LOG.debug(
          "reply {} to {}: the connection is gone", reply.id(), kv("eventId", reply.inReplyTo()));
      return;
    }
    connection.socket.writeTextMessage(
        new JsonObject()
            .put("type", "reply")
            .put("id", reply.id())
            .put("inReplyTo", sender.clientId() == null ? reply.inReplyTo() : sender.clientId())
            .put("channel", reply.channel())
            .put("text", reply.text())
            .encode());
  }

  private void error(Connection connection, String code, String message, String id) {
    metrics.rejected(Platforms.WEB, code);
    JsonObject frame =
        new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (id != null) {
      frame.put("id", id);
    }
    if (!connection.closed) {
      connection.socket.writeTextMessage(frame.encode());
    }
  }
}
