package dev.chorus.dashboard;

import dev.chorus.event.Addresses;
import dev.chorus.module.WebSocketPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The dashboard's live event stream, {@code /ws/dashboard}: the numbered frames of one community
 * for a signed-in browser. The first frame names the community: {@code
 * {"type":"auth","community":"…"}}, and the dashboard session cookie of the upgrade request (see
 * {@code /api/v1/session}) must be a live session of an admin or of a key of that community
 * (checked by the access role, {@link Addresses#ACCESS_VERIFY}). Tools without a session may put
 * the configured admin key in the frame ({@code "key":"…"}). Without a valid sign-in within five
 * seconds the socket is closed (4401). Only the deployment's public origins ({@link
 * WebSocketPolicy}); invalid UTF-8 closes with 1007. Slow sockets are closed like slow overlay
 * clients. One per HTTP instance, on its event loop.
 */
final class DashboardFeed {

  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final long AUTH_TIMEOUT_MS = 5_000;
  private static final int MAX_WRITE_QUEUE = 1024 * 1024;
  static final short UNAUTHORIZED = 4401;

  /** The dashboard session cookie ({@code access.Sessions.COOKIE}). */
  static final String SESSION_COOKIE = "chorus_session";

  private static final DeliveryOptions VERIFY = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final byte[] keyHash;
  private final WebSocketPolicy origins;
  private final Map<String, Set<ServerWebSocket>> watching = new HashMap<>();

  /**
   * @param adminKey the configured admin key, or {@code null}: then every sign-in is refused
   */
  DashboardFeed(Vertx vertx, String adminKey, WebSocketPolicy origins) {
    this.vertx = vertx;
    this.origins = origins;
    this.keyHash = adminKey == null ? null : sha256(adminKey);
  }

  Future<Void> mount(Router router) {
    router.get("/ws/dashboard").handler(this::upgrade);
    return vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.OVERLAY_FRAMES, this::onFrame)
        .completion();
  }

  private void upgrade(RoutingContext ctx) {
    if (!origins.admit(ctx, "/ws/dashboard")) {
      return;
    }
    var cookie = ctx.request().getCookie(SESSION_COOKIE);
    String session = cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    ctx.request().toWebSocket().onSuccess(socket -> open(socket, session));
  }

  private void open(ServerWebSocket socket, String session) {
    socket.setWriteQueueMaxSize(MAX_WRITE_QUEUE);
    origins.keepAlive(vertx, socket);
    String[] community = new String[1];
    long timer =
        vertx.setTimer(
            AUTH_TIMEOUT_MS,
            t -> {
              if (community[0] == null) {
                socket.close(UNAUTHORIZED, "sign in first");
              }
            });
    boolean[] tried = new boolean[1];
    // Strict UTF-8: a sign-in frame with invalid bytes closes with 1007.
    WebSocketPolicy.strictText(
        socket,
        text -> {
          if (tried[0]) {
            return; // one sign-in frame; read-only after it
          }
          tried[0] = true;
          vertx.cancelTimer(timer);
          signIn(text, session)
              .onComplete(
                  ar -> {
                    if (socket.isClosed()) {
                      return;
                    }
                    if (ar.failed()) {
                      String refused = ar.cause().getMessage();
                      socket
                          .writeTextMessage(
                              new JsonObject()
                                  .put("type", "error")
                                  .put("code", "unauthorized")
                                  .put("message", refused)
                                  .encode())
                          .onComplete(v -> socket.close(UNAUTHORIZED, refused));
                      return;
                    }
                    community[0] = ar.result();
                    watching.computeIfAbsent(community[0], c -> new LinkedHashSet<>()).add(socket);
                    socket.writeTextMessage(
                        new JsonObject()
                            .put("type", "signed_in")
                            .put("community", community[0])
                            .encode());
                  });
        });
    socket.closeHandler(
        v -> {
          vertx.cancelTimer(timer);
          Set<ServerWebSocket> set = community[0] == null ? null : watching.get(community[0]);
          if (set != null) {
            set.remove(socket);
            if (set.isEmpty()) {
              watching.remove(community[0]);
            }
          }
        });
  }

  /** The community the sign-in frame opens, or a failure saying why it is refused. */
  private Future<String> signIn(String text, String session) {
    JsonObject frame;
    try {
      frame = text.length() > 4096 ? null : new JsonObject(text);
    } catch (DecodeException e) {
      frame = null;
    }
    if (frame == null || !"auth".equals(frame.getString("type"))) {
      return refused("the first frame must be {\"type\":\"auth\",\"community\":…}");
    }
    Object key = frame.getValue("key");
    Object name = frame.getValue("community");
    if (!(name instanceof String c) || !COMMUNITY.matcher(c).matches()) {
      return refused("community must be 1-64 lower-case letters, digits, - or _");
    }
    if (key != null) {
      return keyHash != null && key instanceof String k && MessageDigest.isEqual(keyHash, sha256(k))
          ? Future.succeededFuture(c)
          : refused("a valid admin key is required");
    }
    if (session == null) {
      return refused("sign in first (no dashboard session)");
    }
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.ACCESS_VERIFY,
            new JsonObject().put("session", HexFormat.of().formatHex(sha256(session))),
            VERIFY)
        .transform(
            ar -> {
              JsonObject p = ar.succeeded() ? ar.result().body() : null;
              if (p != null
                  && ("admin".equals(p.getString("scope")) || c.equals(p.getString("community")))) {
                return Future.succeededFuture(c);
              }
              return refused(
                  ar.failed() && !(ar.cause() instanceof ReplyException r && r.failureCode() == 401)
                      ? "the access check did not answer"
                      : "the session does not open community " + c);
            });
  }

  private static Future<String> refused(String why) {
    return Future.failedFuture(new IllegalArgumentException(why));
  }

  private void onFrame(Message<JsonObject> message) {
    JsonObject frame = message.body();
    Set<ServerWebSocket> sockets =
        frame == null ? null : watching.get(frame.getString("community", ""));
    if (sockets == null) {
      return;
    }
    String json = frame.encode();
    Iterator<ServerWebSocket> it = sockets.iterator();
    while (it.hasNext()) {
      ServerWebSocket socket = it.next();
      if (socket.isClosed()) {
        it.remove();
      } else if (socket.writeQueueFull()) {
        it.remove();
        socket.close((short) 1008, "too slow: frames were not read");
      } else {
        socket.writeTextMessage(json);
      }
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
