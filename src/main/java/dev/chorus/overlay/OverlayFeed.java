package dev.chorus.overlay;

import dev.chorus.event.Addresses;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.JsonResponses;
import dev.chorus.module.WebSocketPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay feed {@code /ws/overlay/{community}?token=…[&since=<seq>]}: read-only WebSocket
 * streams of the numbered frames on {@link Addresses#OVERLAY_FRAMES}, one stream per community.
 *
 * <p>A connection needs an active {@code overlay} key of the community (its token, checked by the
 * access role on {@link Addresses#ACCESS_VERIFY}) and an allowed origin. Revoking the key (a
 * rotation, or {@code DELETE /api/v1/keys/{id}}) closes its connections with {@link #TOKEN_ROTATED}
 * on every node ({@link Addresses#API_KEY_CHANGED}). It first gets a {@code hello} frame with the
 * newest number this node has seen, then the buffered frames after {@code since} (a {@code gap}
 * frame first when some are gone), then live frames. A client whose write queue fills (it stopped
 * reading, or reads slower than the stream) is closed with status 1008: memory per client is
 * bounded by the write queue, not by the stream.
 *
 * <p>One feed per HTTP server instance, on its event loop; each holds its own replay buffers, so
 * every instance and every node can serve every community.
 */
public final class OverlayFeed {

  private static final Logger LOG = LoggerFactory.getLogger(OverlayFeed.class);
  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_TOKEN = 256;
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

  /** Close code for a client dropped because it does not keep up (policy violation). */
  public static final short SLOW_CLIENT = 1008;

  /** Close code for clients whose overlay key was revoked (or rotated). */
  public static final short TOKEN_ROTATED = 4001;

  /** Options from {@code overlay.*}. */
  public record Options(
      int replayFrames,
      int maxWriteQueueBytes,
      int maxConnections,
      long reorderMs,
      WebSocketPolicy origins) {}

  private final Vertx vertx;
  private final Options options;
  private final ChorusMetrics metrics;
  private final Map<String, OverlayStream> streams = new HashMap<>();

  /** Open sockets by the id of the overlay key they were opened with. */
  private final Map<String, Set<ServerWebSocket>> byKey = new HashMap<>();

  private int connections;

  public OverlayFeed(Vertx vertx, Options options, ChorusMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Mounts the feed and starts consuming frames. Call from the owning HTTP verticle. */
  public Future<Void> mount(Router router) {
    router.get("/ws/overlay/:community").handler(this::upgrade);
    Future<Void> rotations =
        vertx
            .eventBus()
            .<JsonObject>consumer(Addresses.API_KEY_CHANGED, this::onRevoked)
            .completion();
    Future<Void> frames =
        vertx.eventBus().<JsonObject>consumer(Addresses.OVERLAY_FRAMES, this::onFrame).completion();
    return Future.all(rotations, frames).mapEmpty();
  }

  /** A revoked key: the connections opened with it are closed (they may reconnect). */
  private void onRevoked(Message<JsonObject> message) {
    String key = message.body() == null ? null : message.body().getString("key");
    Set<ServerWebSocket> sockets = key == null ? null : byKey.remove(key);
    if (sockets != null) {
      LOG.info("overlay key {} revoked: closing {} connection(s)", key, sockets.size());
      for (ServerWebSocket socket : List.copyOf(sockets)) {
        socket.close(TOKEN_ROTATED, "the overlay token was revoked");
      }
    }
  }

  private void onFrame(Message<JsonObject> message) {
    JsonObject frame = message.body();
    String community = frame == null ? null : frame.getString("community");
    Long seq = frame == null ? null : frame.getLong("seq");
    if (community == null || seq == null) {
      LOG.warn("dropped an overlay frame without community or seq");
      return;
    }
    stream(community).accept(seq, frame.encode());
  }

  private OverlayStream stream(String community) {
    return streams.computeIfAbsent(
        community,
        c -> new OverlayStream(vertx, options.replayFrames(), options.reorderMs(), metrics));
  }

  private void upgrade(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String token = ctx.queryParams().get("token");
    if (community == null || !COMMUNITY.matcher(community).matches()) {
      JsonResponses.error(ctx, 400, "invalid_community", "no such community name");
      return;
    }
    if (!options.origins().admit(ctx, "/ws/overlay/" + community)) {
      return;
    }
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
      JsonResponses.error(ctx, 401, "token_required", "the overlay token is required as ?token=");
      return;
    }
    long since;
    try {
      String raw = ctx.queryParams().get("since");
      since = raw == null || raw.isEmpty() ? -1 : Long.parseLong(raw);
    } catch (NumberFormatException e) {
      since = -2;
    }
    if (since < -1) {
      JsonResponses.error(ctx, 400, "invalid_since", "since must be a frame number (0 or more)");
      return;
    }
    if (connections >= options.maxConnections()) {
      JsonResponses.error(ctx, 503, "too_many_connections", "this node serves enough overlays");
      return;
    }
    long from = since;
    ctx.request().pause();
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.ACCESS_VERIFY, new JsonObject().put("key", sha256(token)), ASK)
        .map(reply -> overlayKeyOf(reply.body(), community))
        .recover(
            e ->
                e instanceof ReplyException r
                        && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
                        && r.failureCode() == 401
                    ? Future.succeededFuture(null)
                    : Future.failedFuture(e))
        .onComplete(
            ar -> {
              ctx.request().resume();
              if (ar.failed()) {
                LOG.warn("overlay token check for {} failed: {}", community, ar.cause().toString());
                JsonResponses.error(ctx, 503, "unavailable", "the access check did not answer");
              } else if (ar.result() == null) {
                LOG.info("refused /ws/overlay/{}: wrong token", community);
                JsonResponses.error(ctx, 401, "invalid_token", "wrong overlay token");
              } else {
                String keyId = ar.result();
                ctx.request()
                    .toWebSocket()
                    .onSuccess(socket -> open(community, keyId, socket, from))
                    .onFailure(e -> LOG.debug("overlay upgrade failed: {}", e.toString()));
              }
            });
  }

  /** The key id when {@code principal} is an overlay key of {@code community}, else null. */
  private static String overlayKeyOf(JsonObject principal, String community) {
    if (principal == null
        || !"overlay".equals(principal.getString("scope"))
        || !community.equals(principal.getString("community"))) {
      return null;
    }
    return principal.getString("id");
  }

  /** The form the key store finds a token by: lower-case hex SHA-256 of its UTF-8 bytes. */
  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void open(String community, String keyId, ServerWebSocket socket, long since) {
    connections++;
    byKey.computeIfAbsent(keyId, k -> new HashSet<>()).add(socket);
    metrics.overlayConnections().incrementAndGet();
    socket.setWriteQueueMaxSize(options.maxWriteQueueBytes());
    options.origins().keepAlive(vertx, socket);
    OverlayStream stream = stream(community);
    OverlayStream.Client client = stream.join(socket, since);
    // Read-only: anything a client sends is ignored (but read, so its TCP window stays open).
    socket.handler(ignored -> {});
    socket.exceptionHandler(e -> LOG.debug("overlay socket error: {}", e.toString()));
    socket.closeHandler(
        v -> {
          connections--;
          metrics.overlayConnections().decrementAndGet();
          Set<ServerWebSocket> same = byKey.get(keyId);
          if (same != null && same.remove(socket) && same.isEmpty()) {
            byKey.remove(keyId);
          }
          stream.leave(client);
        });
  }

  /** Open connections on this instance (tests). */
  int connections() {
    return connections;
  }
}
