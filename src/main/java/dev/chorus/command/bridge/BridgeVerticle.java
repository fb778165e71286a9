package dev.chorus.command.bridge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for command modules in other languages (wire protocol: {@code
 * docs/modules.md}). What passes is decided by {@link BridgeAccess}: the token on every frame but
 * {@code ping} (removed before the frame reaches the event bus; wrong or missing: {@code err}
 * {@code invalid_token}, connection closed) and the explicit allow-list of addresses (else {@code
 * err} {@code access_denied}); each refusal is logged with the remote address. In front of the
 * bridge's own parser, {@link FrameBound} passes only whole frames up to {@code maxFrameBytes} that
 * are JSON objects of a known type; anything else is refused and the connection closed.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  /** The default bound of one frame (the JSON after the 4-byte length). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

  private final String host;
  private final int port;
  private final int maxFrameBytes;
  private final BridgeAccess access;
  private TcpEventBusBridge bridge;
  private volatile int actualPort = -1;

  public BridgeVerticle(String host, int port, String token) {
    this(host, port, token, DEFAULT_MAX_FRAME_BYTES);
  }

  public BridgeVerticle(String host, int port, String token, int maxFrameBytes) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    if (maxFrameBytes < 256) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 256");
    }
    this.maxFrameBytes = maxFrameBytes;
    this.access = new BridgeAccess(token);
  }

  @Override
  public Future<?> start() {
    BridgeOptions options = BridgeAccess.permit(new BridgeOptions());
    NetServerOptions net = new NetServerOptions().setHost(host).setPort(port);
    bridge = TcpEventBusBridge.create(vertx, options, net, this::guard);
    NetServer server;
    try {
      server = server(bridge);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Future.failedFuture(
          new IllegalStateException("cannot bound the bridge's frames: " + e, e));
    }
    Handler<NetSocket> bridgeHandler = server.connectHandler();
    server.connectHandler(
        socket -> {
          ((NetSocketInternal) socket)
              .channelHandlerContext()
              .pipeline()
              .addBefore("handler", "chorusFrameBound", new FrameBound(maxFrameBytes));
          bridgeHandler.handle(socket);
        });
    return bridge
        .listen()
        .onSuccess(
            b -> {
              actualPort = server.actualPort();
              LOG.info(
                  "command module bridge listening on {}:{} (frames up to {} bytes)",
                  host,
                  actualPort,
                  maxFrameBytes);
            })
        .map(b -> null);
  }

  /**
   * The bridge's server: its connections get the frame bound before the bridge's parser, and its
   * bound port is read from it (with port 0). The bridge does not expose it, so it is read from the
   * pinned 5.0.8 implementation; when that fails the bridge does not start (unbounded frames are
   * not an option).
   */
  private static NetServer server(TcpEventBusBridge b) throws ReflectiveOperationException {
    java.lang.reflect.Field field = b.getClass().getDeclaredField("server");
    field.setAccessible(true);
    return (NetServer) field.get(b);
  }

  /** The port the bridge listens on (useful with port 0). */
  public int actualPort() {
    return actualPort;
  }

  private void guard(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type != BridgeEventType.SEND
        && type != BridgeEventType.PUBLISH
        && type != BridgeEventType.REGISTER
        && type != BridgeEventType.UNREGISTER) {
      event.complete(true); // ping, and notices such as REGISTERED after a frame already passed
      return;
    }
    JsonObject raw = event.getRawMessage();
    BridgeAccess.Refusal refusal = access.check(raw.getString("type"), raw);
    if (refusal == null) {
      event.complete(true);
      return;
    }
    LOG.warn(
        "command module bridge: {} to {} refused from {}: {}",
        raw.getString("type"),
        raw.getValue("address"),
        event.socket().remoteAddress(),
        refusal.code);
    if (refusal.closes) {
      writeError(event.socket(), refusal.code);
      event.socket().close();
      event.complete(false);
    } else {
      // the bridge's own allow-list (the same list) answers access_denied, once
      event.complete(true);
    }
  }

  /** An {@code err} frame in the bridge's framing: a 4-byte big-endian length, then JSON. */
  static byte[] errorFrame(String message) {
    byte[] json =
        new JsonObject()
            .put("type", "err")
            .put("message", message)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer().appendInt(json.length).appendBytes(json).getBytes();
  }

  static void writeError(NetSocket socket, String message) {
    socket.write(Buffer.buffer(errorFrame(message)));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
