package dev.chorus.overlay;

import dev.chorus.event.Addresses;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.JsonResponses;
import dev.chorus.module.WebSocketPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay feed {@code /ws/overlay/{community}?token=…[&since=<seq>]}: read-only WebSocket
 * streams of the numbered frames on {@link Addresses#OVERLAY_FRAMES}, one stream per community.
 *
 * <p>A connection needs the community's overlay token ({@link OverlayTokens}) and an allowed
 * origin. It first gets a {@code hello} frame with the newest number this node has seen, then the
 * buffered frames after {@code since} (a {@code gap} frame first when some are gone), then live
 * frames. A client whose write queue fills (it stopped reading, or reads slower than the stream) is
 * closed with status 1008: memory per client is bounded by the write queue, not by the stream.
 *
 * <p>One feed per HTTP server instance, on its event loop; each holds its own replay buffers, so
 * every instance and every node can serve every community.
 */
public final class OverlayFeed {

  private static final Logger LOG = LoggerFactory.getLogger(OverlayFeed.class);
  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_TOKEN = 256;

  /** Close code for a client dropped because it does not keep up (policy violation). */
  public static final short SLOW_CLIENT = 1008;

  /** Close code for clients of a community whose token was rotated. */
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
  private final OverlayTokens tokens;
  private final ChorusMetrics metrics;
  private final Map<String, OverlayStream> streams = new HashMap<>();
  private int connections;

  public OverlayFeed(Vertx vertx, Options options, OverlayTokens tokens, ChorusMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Mounts the feed and starts consuming frames. Call from the owning HTTP verticle. */
  public Future<Void> mount(Router router) {
    router.get("/ws/overlay/:community").handler(this::upgrade);
    Future<Void> rotations =
        vertx.eventBus().<JsonObject>consumer(OverlayApi.CHANGED, this::onRotated).completion();
    Future<Void> frames =
        vertx.eventBus().<JsonObject>consumer(Addresses.OVERLAY_FRAMES, this::onFrame).completion();
    return Future.all(rotations, frames).mapEmpty();
  }

  /** A rotated token: the connections that used the old one are closed (they may reconnect). */
  private void onRotated(Message<JsonObject> message) {
    String community = message.body() == null ? null : message.body().getString("community");
    OverlayStream stream = community == null ? null : streams.get(community);
    if (stream != null) {
      stream.closeAll(TOKEN_ROTATED, "the overlay token was rotated");
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
    tokens
        .matches(community, OverlayTokens.hash(token))
        .onComplete(
            ar -> {
              ctx.request().resume();
              if (ar.failed()) {
                LOG.warn("overlay token check for {} failed: {}", community, ar.cause().toString());
                JsonResponses.error(ctx, 503, "unavailable", "the token store did not answer");
              } else if (!ar.result()) {
                LOG.info("refused /ws/overlay/{}: wrong token", community);
                JsonResponses.error(ctx, 401, "invalid_token", "wrong overlay token");
              } else {
                ctx.request()
                    .toWebSocket()
                    .onSuccess(socket -> open(community, socket, from))
                    .onFailure(e -> LOG.debug("overlay upgrade failed: {}", e.toString()));
              }
            });
  }

  private void open(String community, ServerWebSocket socket, long since) {
    connections++;
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
          stream.leave(client);
        });
  }

  /** Open connections on this instance (tests). */
  int connections() {
    return connections;
  }
}
