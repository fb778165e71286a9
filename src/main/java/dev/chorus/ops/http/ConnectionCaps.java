package dev.chorus.ops.http;

import dev.chorus.logging.RateLimitedLog;
import dev.chorus.module.ClientAddress;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * At most {@code http.maxConnectionsPerAddress} WebSocket connections per client address, over
 * every WebSocket route and every HTTP instance of the process (decision 074). A connection counts
 * from its first upgrade request until it closes; one over the cap gets HTTP 429 {@code
 * too_many_connections} before the upgrade. Thread-safe: one per process.
 */
public final class ConnectionCaps implements Handler<RoutingContext> {

  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(ConnectionCaps.class), 10_000);

  private final int max;
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final Map<HttpConnection, String> counted = new ConcurrentHashMap<>();

  public ConnectionCaps(int max) {
    this.max = max;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
    HttpConnection connection = ctx.request().connection();
    if (upgrade == null
        || !"websocket".equalsIgnoreCase(upgrade.trim())
        || connection == null
        || counted.containsKey(connection)) {
      ctx.next();
      return;
    }
    String address = ClientAddress.of(ctx).host();
    boolean[] admitted = new boolean[1];
    perAddress.compute(
        address,
        (a, n) -> {
          int held = n == null ? 0 : n;
          if (held >= max) {
            return n;
          }
          admitted[0] = true;
          return held + 1;
        });
    if (!admitted[0]) {
      LOG.warn(
          "ws-cap",
          "refused a WebSocket to {} from {}: it holds {} already",
          ctx.request().path(),
          address,
          max);
      JsonResponses.error(
          ctx,
          429,
          "too_many_connections",
          "at most " + max + " WebSocket connections per client address");
      return;
    }
    counted.put(connection, address);
    Runnable closed =
        () -> {
          if (counted.remove(connection) != null) {
            release(address);
          }
        };
    // After the upgrade the channel belongs to the WebSocket, and the HTTP connection's close
    // handler is not called: the channel's own close is what counts the connection out.
    if (connection instanceof ConnectionBase base) {
      base.channel().closeFuture().addListener(f -> closed.run());
    } else {
      connection.closeHandler(v -> closed.run());
    }
    ctx.next();
  }

  private void release(String address) {
    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** Connections {@code address} holds (tests). */
  int open(String address) {
    return perAddress.getOrDefault(address, 0);
  }
}
