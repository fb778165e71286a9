package dev.chorus.ops.http;

import dev.chorus.module.JsonResponses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the HTTP port does while the process stops (decision 135). Until {@link #close()} it only
 * remembers the connections that asked for a WebSocket. From then on, while the port is still open
 * for a load balancer to notice: {@code /health/live} and {@code /metrics} answer as before, {@code
 * /health/ready} reports DOWN (the readiness check {@link #check}), and every other request —
 * WebSocket upgrades, the admin API, webhooks — gets 503 {@code shutting_down} with {@code
 * Connection: close} and {@code Retry-After}; every open WebSocket gets a close frame 1001 ("going
 * away") so its client reconnects elsewhere, and is cut if it does not answer within {@link
 * #CLOSE_GRACE_MS}. One per process, shared by its HTTP instances; thread-safe.
 */
public final class ShutdownGate implements Handler<RoutingContext> {

  /** The close code and reason an open WebSocket receives when the process stops. */
  public static final short GOING_AWAY = 1001;

  public static final String REASON = "server shutting down";
  static final long CLOSE_GRACE_MS = 2_000;

  private volatile boolean closing;
  private final Set<Channel> upgraded = ConcurrentHashMap.newKeySet();
  private final Map<HttpConnection, Boolean> seen = new ConcurrentHashMap<>();

  @Override
  public void handle(RoutingContext ctx) {
    if (closing) {
      String path = ctx.request().path();
      if ("/health/live".equals(path) || "/health/ready".equals(path) || "/metrics".equals(path)) {
        ctx.next();
        return;
      }
      ctx.response()
          .putHeader(HttpHeaders.CONNECTION, "close")
          .putHeader(HttpHeaders.RETRY_AFTER, "1");
      JsonResponses.error(
          ctx, 503, "shutting_down", "this process is stopping; connect again (to another one)");
      return;
    }
    String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
    HttpConnection connection = ctx.request().connection();
    if (upgrade != null
        && "websocket".equalsIgnoreCase(upgrade.trim())
        && connection instanceof ConnectionBase base
        && seen.putIfAbsent(connection, Boolean.TRUE) == null) {
      Channel channel = base.channel();
      upgraded.add(channel);
      channel
          .closeFuture()
          .addListener(
              f -> {
                upgraded.remove(channel);
                seen.remove(connection);
              });
    }
    ctx.next();
  }

  /**
   * Starts refusing: from now on new requests get 503 and every open WebSocket a close frame 1001.
   */
  public void close() {
    closing = true;
    for (Channel channel : upgraded) {
      if (isWebSocket(channel)) {
        channel.writeAndFlush(new CloseWebSocketFrame(GOING_AWAY, REASON));
        // A client that never answers the close frame is cut after the grace.
        channel
            .eventLoop()
            .schedule(
                () -> {
                  if (channel.isActive()) {
                    channel.close();
                  }
                },
                CLOSE_GRACE_MS,
                TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean closing() {
    return closing;
  }

  /** Open WebSocket connections this gate knows of (upgrade asked, channel not closed). */
  public int openWebSockets() {
    return (int) upgraded.stream().filter(ShutdownGate::isWebSocket).count();
  }

  /** The readiness check: DOWN once the process stops. */
  public Future<Void> check() {
    return closing ? Future.failedFuture("shutting down") : Future.succeededFuture();
  }

  /** An upgrade that succeeded: the channel now encodes WebSocket frames. */
  private static boolean isWebSocket(Channel channel) {
    if (!channel.isActive()) {
      return false;
    }
    for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
      if (handler.getValue() instanceof WebSocketFrameEncoder) {
        return true;
      }
    }
    return false;
  }
}
