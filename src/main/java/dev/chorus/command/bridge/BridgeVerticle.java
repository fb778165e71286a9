package dev.chorus.command.bridge;

import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for command modules in other languages (wire protocol: {@code
 * docs/modules.md}). Only two kinds of address pass: modules may publish or send announcements to
 * {@link Addresses#COMMAND_REGISTER} and reply to requests they received; they may listen on {@code
 * chorus.command.module.<name>}. Every frame but {@code ping} must carry the token in {@code
 * headers.token}; the token is removed before the frame reaches the event bus. A wrong or missing
 * token is answered with an {@code err} frame {@code invalid_token} and the connection is closed.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private final String host;
  private final int port;
  private final byte[] tokenHash;
  private TcpEventBusBridge bridge;
  private volatile int actualPort = -1;

  public BridgeVerticle(String host, int port, String token) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the bridge needs a token");
    }
    this.tokenHash = sha256(token);
  }

  @Override
  public Future<?> start() {
    BridgeOptions options =
        new BridgeOptions()
            .addInboundPermitted(new PermittedOptions().setAddress(Addresses.COMMAND_REGISTER))
            .addOutboundPermitted(
                new PermittedOptions()
                    .setAddressRegex(
                        java.util.regex.Pattern.quote(Addresses.COMMAND_MODULE_PREFIX)
                            + "[a-z0-9_-]{1,32}"));
    NetServerOptions net = new NetServerOptions().setHost(host).setPort(port);
    bridge = TcpEventBusBridge.create(vertx, options, net, this::guard);
    return bridge
        .listen()
        .onSuccess(
            b -> {
              actualPort = listeningPort(b);
              LOG.info("command module bridge listening on {}:{}", host, actualPort);
            })
        .map(b -> null);
  }

  /**
   * The bound port. The bridge does not expose its server, so it is read from the pinned 5.0.8
   * implementation; when that fails the configured port is reported.
   */
  private int listeningPort(TcpEventBusBridge b) {
    try {
      java.lang.reflect.Field field = b.getClass().getDeclaredField("server");
      field.setAccessible(true);
      return ((io.vertx.core.net.NetServer) field.get(b)).actualPort();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return port;
    }
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
    JsonObject headers = raw == null ? null : raw.getJsonObject("headers");
    Object token = headers == null ? null : headers.remove("token");
    if (!(token instanceof String presented)
        || !MessageDigest.isEqual(tokenHash, sha256(presented))) {
      LOG.warn(
          "command module bridge: {} refused from {}: wrong or missing token",
          type,
          event.socket().remoteAddress());
      writeError(event.socket(), "invalid_token");
      event.socket().close();
      event.complete(false);
      return;
    }
    event.complete(true);
  }

  /** An {@code err} frame in the bridge's framing: a 4-byte big-endian length, then JSON. */
  static void writeError(NetSocket socket, String message) {
    byte[] json =
        new JsonObject()
            .put("type", "err")
            .put("message", message)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    socket.write(Buffer.buffer().appendInt(json.length).appendBytes(json));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
