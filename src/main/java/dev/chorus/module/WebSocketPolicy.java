package dev.chorus.module;

import dev.chorus.config.Settings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every WebSocket route of the HTTP port checks before it upgrades, and keeps up after: the
 * {@code Origin} allow-list and the keep-alive ping (decision 072).
 *
 * <p>An origin is allowed when it equals, scheme, host and port, one of the configured public
 * origins ({@code http.publicOrigins}) or the route's own extra list; with none configured, the
 * loopback origins ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) of the port the connection
 * arrived on, with the connection's own scheme. The {@code Host} header is never consulted: a page
 * on {@code evil.example} that resolves to this server (DNS rebinding) sends {@code Host:
 * evil.example} and is refused like any other foreign page. A request without an {@code Origin}
 * (not a browser) is allowed; browsers always send one on a WebSocket handshake.
 *
 * <p>Immutable and thread-safe: one per module, shared by its HTTP instances.
 */
public final class WebSocketPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketPolicy.class);

  /** The core key of the deployment's public origins. */
  public static final String PUBLIC_ORIGINS = "http.publicOrigins";

  /** The core key of the keep-alive ping interval. */
  public static final String PING_SECONDS = "http.webSocketPingSeconds";

  private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> origins;
  private final boolean any;
  private final long pingMs;

  private WebSocketPolicy(Set<String> origins, boolean any, long pingMs) {
    this.origins = Set.copyOf(origins);
    this.any = any;
    this.pingMs = pingMs;
  }

  /**
   * The policy of one route: the deployment's public origins plus {@code extraKey}'s (a module's
   * own list, or {@code null}); {@code *} in the extra list allows any origin. A malformed entry
   * stops start-up naming its key.
   */
  public static WebSocketPolicy from(Settings s, String extraKey) {
    Set<String> origins = new LinkedHashSet<>();
    addAll(s, PUBLIC_ORIGINS, s.list(PUBLIC_ORIGINS), origins, false);
    boolean any = false;
    if (extraKey != null) {
      any = addAll(s, extraKey, s.list(extraKey), origins, true);
    }
    return new WebSocketPolicy(origins, any, 1000L * s.integer(PING_SECONDS, 0, 3600));
  }

  /** Only the loopback default and a 30 s ping (tests, and routes without configuration). */
  public static WebSocketPolicy loopback() {
    return new WebSocketPolicy(Set.of(), false, 30_000);
  }

  /** The given origins (each {@code scheme://host[:port]}) and ping interval; 0 turns ping off. */
  public static WebSocketPolicy of(List<String> origins, long pingMs) {
    Set<String> set = new LinkedHashSet<>();
    for (String origin : origins) {
      String normal = normalize(origin);
      if (normal == null) {
        throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
      }
      set.add(normal);
    }
    return new WebSocketPolicy(set, false, pingMs);
  }

  private static boolean addAll(
      Settings s, String key, List<String> values, Set<String> into, boolean starAllowed) {
    boolean any = false;
    for (String value : values) {
      if (starAllowed && value.equals("*")) {
        any = true;
        continue;
      }
      String normal = normalize(value);
      s.require(
          normal != null,
          key,
          "must list origins as scheme://host[:port] (http or https, no path): " + value);
      into.add(normal);
    }
    return any;
  }

  /**
   * An origin in the form compared: lower-case scheme and host, explicit port; {@code null} when it
   * is not an {@code http} or {@code https} origin without path, query or user info (so {@code
   * null}, {@code file://} and {@code chrome-extension://…} never match).
   */
  public static String normalize(String origin) {
    if (origin == null || origin.isBlank() || origin.length() > 512) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return null;
    }
    if (port == -1) {
      port = scheme.equals("https") ? 443 : 80;
    }
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** True when {@code request}'s {@code Origin} may open this route. */
  public boolean allows(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    if (any) {
      return true;
    }
    String normal = normalize(origin);
    if (normal == null) {
      return false;
    }
    if (!origins.isEmpty()) {
      return origins.contains(normal);
    }
    String scheme = request.isSSL() ? "https" : "http";
    int port = request.localAddress() == null ? -1 : request.localAddress().port();
    for (String host : LOOPBACK) {
      if (normal.equals(scheme + "://" + host + ":" + port)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks the origin of an upgrade request to {@code route}: true to go on; false after answering
   * 403 {@code origin_not_allowed} (JSON) and logging the refusal.
   */
  public boolean admit(RoutingContext ctx, String route) {
    if (allows(ctx.request())) {
      return true;
    }
    String origin = printable(ctx.request().getHeader("Origin"));
    LOG.warn(
        "refused WebSocket {} from {}: origin {} is not allowed",
        route,
        ClientAddress.of(ctx).host(),
        origin);
    JsonResponses.error(
        ctx,
        403,
        "origin_not_allowed",
        "origin "
            + origin
            + " may not open "
            + route
            + "; allowed origins are set with "
            + PUBLIC_ORIGINS);
    return false;
  }

  /**
   * Keeps an upgraded socket alive: a ping every {@code http.webSocketPingSeconds}, which browsers
   * answer with a pong, so the server's read idle timeout closes only peers that are gone. Call
   * once, right after the upgrade, on the socket's context.
   */
  public void keepAlive(Vertx vertx, ServerWebSocket socket) {
    if (pingMs <= 0) {
      return;
    }
    vertx.setPeriodic(
        pingMs,
        timer -> {
          if (socket.isClosed()) {
            vertx.cancelTimer(timer);
          } else {
            socket.writePing(Buffer.buffer());
          }
        });
  }

  /**
   * Hands each whole text message of {@code socket} to {@code handler}, decoded strictly: a message
   * that is not valid UTF-8 closes the socket with 1007 (invalid frame payload data) instead of
   * reaching the handler with replacement characters. Binary messages are ignored. Message size is
   * bounded by the server's WebSocket message limit.
   */
  public static void strictText(ServerWebSocket socket, Handler<String> handler) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    Buffer[] assembling = new Buffer[1];
    boolean[] text = new boolean[1];
    socket.frameHandler(
        frame -> {
          switch (frame.type()) {
            case TEXT, BINARY -> {
              text[0] = frame.isText();
              assembling[0] = Buffer.buffer().appendBuffer(frame.binaryData());
            }
            case CONTINUATION -> {
              if (assembling[0] == null) {
                return;
              }
              assembling[0].appendBuffer(frame.binaryData());
            }
            default -> {
              return;
            }
          }
          if (!frame.isFinal()) {
            return;
          }
          Buffer message = assembling[0];
          assembling[0] = null;
          if (!text[0]) {
            return;
          }
          String decoded;
          try {
            decoded = utf8.reset().decode(ByteBuffer.wrap(message.getBytes())).toString();
          } catch (CharacterCodingException e) {
            LOG.info("closing WebSocket from {}: text is not valid UTF-8", socket.remoteAddress());
            socket.close(INVALID_UTF8, "text is not valid UTF-8");
            return;
          }
          handler.handle(decoded);
        });
  }

  /** The close code for a text message that is not valid UTF-8. */
  public static final short INVALID_UTF8 = 1007;

  /** The configured origins (normalized), for logs and tests. */
  public List<String> origins() {
    return new ArrayList<>(origins);
  }

  private static String printable(String s) {
    if (s == null) {
      return "(none)";
    }
    String cut = s.length() > 200 ? s.substring(0, 200) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
