package dev.chorus.command.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus bridge on the HTTP port ({@value #PATH}), for modules that can speak WebSocket but
 * not raw TCP (a browser page, a serverless function). The same frames as the TCP bridge, one per
 * WebSocket text message, without the length prefix; the same {@link BridgeAccess} token and
 * allow-list. WebSocket transports only (SockJS's {@code /bridge/<server>/<session>/websocket} and
 * the raw {@code /bridge/websocket}): the HTTP server's WebSocket message cap bounds what is read,
 * and a frame over {@code bridge.maxFrameBytes} is refused. Errors are SockJS bridge frames {@code
 * {"type":"err","body":"<code>"}}.
 */
public final class SockJsBridge implements dev.chorus.module.HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SockJsBridge.class);

  /** Where the bridge is mounted. */
  public static final String PATH = "/bridge";

  /** A socket that sends no {@code ping} for this long is closed. */
  static final long PING_TIMEOUT_MS = 30_000;

  private final BridgeAccess access;
  private final int maxFrameBytes;

  public SockJsBridge(String token, int maxFrameBytes) {
    this.access = new BridgeAccess(token);
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    SockJSHandlerOptions handlerOptions =
        new SockJSHandlerOptions()
            .addDisabledTransport(Transport.XHR.name())
            .addDisabledTransport(Transport.EVENT_SOURCE.name())
            .addDisabledTransport(Transport.HTML_FILE.name())
            .addDisabledTransport(Transport.JSON_P.name());
    SockJSBridgeOptions bridgeOptions =
        BridgeAccess.permit(new SockJSBridgeOptions())
            .setPingTimeout(PING_TIMEOUT_MS)
            .setMaxAddressLength(80)
            .setMaxHandlersPerSocket(16);
    Router bridge = SockJSHandler.create(vertx, handlerOptions).bridge(bridgeOptions, this::guard);
    router.route(PATH + "/*").subRouter(bridge);
    return Future.succeededFuture();
  }

  void guard(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type != BridgeEventType.SEND
        && type != BridgeEventType.PUBLISH
        && type != BridgeEventType.REGISTER
        && type != BridgeEventType.UNREGISTER) {
      event.complete(true);
      return;
    }
    JsonObject raw = Objects.requireNonNull(event.getRawMessage());
    SockJSSocket socket = event.socket();
    int bytes = raw.encode().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxFrameBytes) {
      LOG.warn(
          "command module bridge (SockJS): frame of {} bytes refused from {} and closed",
          bytes,
          socket.remoteAddress());
      refuse(event, "frame_too_large");
      return;
    }
    BridgeAccess.Refusal refusal = access.check(raw.getString("type"), raw);
    if (refusal == null) {
      event.complete(true);
      return;
    }
    LOG.warn(
        "command module bridge (SockJS): {} to {} refused from {}: {}",
        raw.getString("type"),
        raw.getValue("address"),
        socket.remoteAddress(),
        refusal.code);
    if (refusal.closes) {
      refuse(event, refusal.code);
    } else {
      event.complete(true); // the bridge's own allow-list (the same list) answers access_denied
    }
  }

  private static void refuse(BridgeEvent event, String code) {
    event
        .socket()
        .write(Buffer.buffer(new JsonObject().put("type", "err").put("body", code).encode()))
        .onComplete(w -> event.socket().close());
    event.complete(false);
  }
}
