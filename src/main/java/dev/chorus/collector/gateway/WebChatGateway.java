package dev.chorus.collector.gateway;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web-chat collector: the {@code /ws/chat} WebSocket and the chat page at {@code /}.
 *
 * <p>Each frame is normalized ({@link ChatFrame}), journaled through {@link Addresses#INTERACTIONS}
 * and only then acknowledged and sent to {@link Addresses#INGRESS}; a resend of a journaled id is
 * acknowledged again but not routed again. Replies arrive on {@code chorus.egress.web.<origin>}
 * (one origin per gateway instance) and go to the socket that sent the event.
 *
 * <p>One instance per HTTP server verticle; it lives on that verticle's event loop.
 */
public final class WebChatGateway {

  private static final Logger LOG = LoggerFactory.getLogger(WebChatGateway.class);

  /** Error codes added to {@link ChatFrame}'s for conditions outside the frame. */
  public static final String OVERLOADED = "overloaded";

  public static final String UNAVAILABLE = "unavailable";

  /** Options of the gateway (from {@code gateway.*}). */
  public record Options(
      int maxTextLength,
      int maxFrameBytes,
      List<String> allowedOrigins,
      int maxPendingPerConnection,
      long journalTimeoutMs) {}

  private final Vertx vertx;
  private final Options options;
  private final ChorusMetrics metrics;
  private final String origin = Ids.next();

  /**
   * Which connection each routed event came from, so replies find their socket. Bounded and
   * expiring.
   */
  private final Cache<String, Connection> inFlight =
      Caffeine.newBuilder()
          .maximumSize(200_000)
          .expireAfterWrite(Duration.ofMinutes(2))
          .executor(Runnable::run)
          .build();

  private final io.micrometer.core.instrument.Timer acceptTime;
  private MessageConsumer<JsonObject> replies;

  private final class Connection {
    final ServerWebSocket socket;
    int pending;
    boolean closed;

    Connection(ServerWebSocket socket) {
      this.socket = socket;
    }
  }

  public WebChatGateway(Vertx vertx, Options options, ChorusMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.acceptTime = metrics.gatewayAccept(Platforms.WEB);
  }

  /**
   * Mounts {@code /ws/chat} and the chat page, and starts listening for replies. Call from the
   * owning verticle.
   */
  public Future<Void> mount(Router router) {
    EnvelopeCodec.register(vertx);
    router.get("/ws/chat").handler(this::upgrade);
    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    replies =
        vertx
            .eventBus()
            .consumer(Addresses.egress(Platforms.WEB, origin), message -> deliver(message.body()));
    return replies.completion();
  }

  /** The egress address suffix of this instance. */
  public String origin() {
    return origin;
  }

  private void upgrade(RoutingContext ctx) {
    String requestOrigin = ctx.request().getHeader("Origin");
    if (!originAllowed(requestOrigin, ctx.request().getHeader("Host"))) {
      LOG.info("refused /ws/chat from origin {}", requestOrigin);
      ctx.response()
          .setStatusCode(403)
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put("error", "origin_not_allowed")
                  .put("message", "origin " + requestOrigin + " is not allowed")
                  .encode());
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(this::open)
        .onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.toString()));
  }

  boolean originAllowed(String requestOrigin, String host) {
    if (requestOrigin == null
        || options.allowedOrigins().contains("*")
        || options.allowedOrigins().contains(requestOrigin)) {
      return true;
    }
    int scheme = requestOrigin.indexOf("://");
    return host != null && scheme > 0 && requestOrigin.substring(scheme + 3).equalsIgnoreCase(host);
  }

  private void open(ServerWebSocket socket) {
    Connection connection = new Connection(socket);
    metrics.wsConnections().incrementAndGet();
    socket.textMessageHandler(text -> onFrame(connection, text));
    socket.binaryMessageHandler(
        binary ->
            error(connection, ChatFrame.INVALID_JSON, "send JSON text frames, not binary", null));
    socket.exceptionHandler(e -> LOG.debug("WebSocket error: {}", e.toString()));
    socket.closeHandler(
        v -> {
          connection.closed = true;
          metrics.wsConnections().decrementAndGet();
        });
  }

  private void onFrame(Connection connection, String text) {
    long received = System.nanoTime();
    ChatFrame.Parsed parsed =
        ChatFrame.parse(
            text, options.maxFrameBytes(), options.maxTextLength(), Instant.now(), origin);
    if (!parsed.ok()) {
      error(connection, parsed.code(), parsed.message(), parsed.clientId());
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
    Envelope envelope = parsed.envelope();
    connection.pending++;
    DeliveryOptions journal =
        new DeliveryOptions()
            .setSendTimeout(options.journalTimeoutMs())
            .addHeader(Addresses.HEADER_KIND, Addresses.KIND_EVENT);
    vertx
        .eventBus()
        .<Boolean>request(Addresses.INTERACTIONS, envelope, journal)
        .onComplete(
            ar -> {
              connection.pending--;
              if (ar.failed()) {
                boolean overloaded =
                    ar.cause() instanceof ReplyException re
                        && re.failureCode() == Addresses.FAILURE_OVERLOADED;
                LOG.warn(
                    "{} not accepted: {}", kv("eventId", envelope.id()), ar.cause().getMessage());
                error(
                    connection,
                    overloaded ? OVERLOADED : UNAVAILABLE,
                    overloaded
                        ? "the bot is overloaded, resend later"
                        : "the interaction log is unavailable, resend later",
                    envelope.id());
                return;
              }
              boolean isNew = Boolean.TRUE.equals(ar.result().body());
              if (isNew) {
                // Journaled means accepted: it is routed even if the socket closed meanwhile.
                inFlight.put(envelope.id(), connection);
                metrics.accepted(envelope.type(), envelope.platform());
                vertx.eventBus().send(Addresses.INGRESS, envelope);
              }
              if (connection.closed) {
                return;
              }
              connection.socket.writeTextMessage(
                  new JsonObject().put("type", "ack").put("id", envelope.id()).encode());
              acceptTime.record(
                  System.nanoTime() - received, java.util.concurrent.TimeUnit.NANOSECONDS);
            });
  }

  private void deliver(JsonObject reply) {
    Connection connection = inFlight.getIfPresent(reply.getString("inReplyTo", ""));
    if (connection == null || connection.closed) {
      LOG.debug(
          "reply {} to {}: the connection is gone",
          reply.getString("id"),
          kv("eventId", reply.getString("inReplyTo")));
      return;
    }
    connection.socket.writeTextMessage(
        new JsonObject()
            .put("type", "reply")
            .put("id", reply.getString("id"))
            .put("inReplyTo", reply.getString("inReplyTo"))
            .put("channel", reply.getString("channel"))
            .put("text", reply.getString("text"))
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
