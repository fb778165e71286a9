package dev.chorus.dashboard;

import dev.chorus.event.Addresses;
import dev.chorus.module.WebSocketPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The dashboard's live event stream, {@code /ws/dashboard}: the numbered frames of one community
 * for a browser signed in with the admin key. Browsers cannot put the key in a WebSocket header, so
 * the first frame carries it: {@code {"type":"auth","key":"…","community":"…"}}; without a valid
 * one within five seconds the socket is closed (4401). Only the deployment's public origins ({@link
 * WebSocketPolicy}). Slow sockets are closed like slow overlay clients. One per HTTP instance, on
 * its event loop.
 */
final class DashboardFeed {

  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final long AUTH_TIMEOUT_MS = 5_000;
  private static final int MAX_WRITE_QUEUE = 1024 * 1024;
  static final short UNAUTHORIZED = 4401;

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
    ctx.request().toWebSocket().onSuccess(this::open);
  }

  private void open(ServerWebSocket socket) {
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
    // Strict UTF-8: a sign-in frame with invalid bytes closes with 1007.
    WebSocketPolicy.strictText(
        socket,
        text -> {
          if (community[0] != null) {
            return; // read-only after sign-in
          }
          String refused = signIn(text, community);
          vertx.cancelTimer(timer);
          if (refused != null) {
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
          watching.computeIfAbsent(community[0], c -> new LinkedHashSet<>()).add(socket);
          socket.writeTextMessage(
              new JsonObject().put("type", "signed_in").put("community", community[0]).encode());
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

  /** Returns why the sign-in frame is refused, or null (and sets {@code community[0]}). */
  private String signIn(String text, String[] community) {
    JsonObject frame;
    try {
      frame = text.length() > 4096 ? null : new JsonObject(text);
    } catch (DecodeException e) {
      frame = null;
    }
    if (frame == null || !"auth".equals(frame.getString("type"))) {
      return "the first frame must be {\"type\":\"auth\",\"key\":…,\"community\":…}";
    }
    Object key = frame.getValue("key");
    Object name = frame.getValue("community");
    if (!(name instanceof String c) || !COMMUNITY.matcher(c).matches()) {
      return "community must be 1-64 lower-case letters, digits, - or _";
    }
    if (keyHash == null
        || !(key instanceof String k)
        || !MessageDigest.isEqual(keyHash, sha256(k))) {
      return "a valid admin key is required";
    }
    community[0] = c;
    return null;
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
