package dev.chorus.collector.discord;

import static dev.chorus.store.TestServices.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local peer speaking Discord's Gateway protocol over a real WebSocket (port 0): HELLO on
 * connect, IDENTIFY checked against the token and answered READY with a session id and a resume URL
 * (its own), heartbeats acknowledged (unless told to stop, to make a zombie connection), RESUME
 * checked against the session and answered with the dispatches the client missed and RESUMED. The
 * test sends MESSAGE_CREATE dispatches (each with the next sequence number), op 7, op 9 or a close
 * code. Every payload received is recorded.
 */
final class FakeDiscordGateway implements AutoCloseable {

  /** One payload received, with the connection number it came on. */
  record Received(int connection, JsonObject payload) {
    int op() {
      return payload.getInteger("op");
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final String token;
  private final long heartbeatMs;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final List<String> dispatched = new ArrayList<>(); // by sequence - 1
  private final AtomicInteger connections = new AtomicInteger();
  private volatile ServerWebSocket current;
  private volatile boolean ack = true;
  private final String sessionId = "session-" + System.nanoTime();

  FakeDiscordGateway(String token, long heartbeatMs) {
    this.token = token;
    this.heartbeatMs = heartbeatMs;
    server = await(vertx.createHttpServer().webSocketHandler(this::accept).listen(0, "127.0.0.1"));
  }

  String url() {
    return "ws://127.0.0.1:" + server.actualPort() + "/?v=10&encoding=json";
  }

  private void accept(ServerWebSocket ws) {
    int number = connections.incrementAndGet();
    current = ws;
    ws.textMessageHandler(text -> onPayload(number, ws, new JsonObject(text)));
    ws.writeTextMessage(
        new JsonObject()
            .put("op", 10)
            .putNull("s")
            .putNull("t")
            .put("d", new JsonObject().put("heartbeat_interval", heartbeatMs))
            .encode());
  }

  private synchronized void onPayload(int number, ServerWebSocket ws, JsonObject p) {
    received.add(new Received(number, p));
    switch (p.getInteger("op")) {
      case 1 -> {
        if (ack) {
          ws.writeTextMessage("{\"op\":11}");
        }
      }
      case 2 -> {
        if (!token.equals(p.getJsonObject("d").getString("token"))) {
          ws.close((short) 4004, "Authentication failed.");
          return;
        }
        dispatched.add("READY");
        ws.writeTextMessage(
            new JsonObject()
                .put("op", 0)
                .put("t", "READY")
                .put("s", dispatched.size())
                .put(
                    "d",
                    new JsonObject()
                        .put("v", 10)
                        .put("session_id", sessionId)
                        .put("resume_gateway_url", "ws://127.0.0.1:" + server.actualPort())
                        .put("user", new JsonObject().put("id", "1").put("username", "chorus")))
                .encode());
      }
      case 6 -> {
        JsonObject d = p.getJsonObject("d");
        if (!sessionId.equals(d.getString("session_id"))) {
          ws.writeTextMessage("{\"op\":9,\"d\":false}");
          return;
        }
        long seq = d.getLong("seq");
        for (int i = (int) seq; i < dispatched.size(); i++) {
          ws.writeTextMessage(dispatched.get(i));
        }
        ws.writeTextMessage("{\"op\":0,\"t\":\"RESUMED\",\"s\":null,\"d\":{}}");
      }
      default -> {}
    }
  }

  /**
   * Dispatches a MESSAGE_CREATE with the next sequence number; with no connection it is kept for
   * the client's RESUME, as Discord keeps a session's dispatches.
   */
  synchronized void messageCreate(String messageId, String channelId, String guildId, String text) {
    messageCreate(messageId, channelId, guildId, text, List.of());
  }

  /** A MESSAGE_CREATE whose member has these role ids. */
  synchronized void messageCreate(
      String messageId, String channelId, String guildId, String text, List<String> roles) {
    JsonObject d =
        new JsonObject()
            .put("type", 0)
            .put("id", messageId)
            .put("channel_id", channelId)
            .put("guild_id", guildId)
            .put("content", text)
            .put("timestamp", "2026-12-03T12:00:00.000000+00:00")
            .put(
                "author",
                new JsonObject()
                    .put("id", "80351110224678912")
                    .put("username", "alice")
                    .put("global_name", "Alice"))
            .put(
                "member",
                new JsonObject()
                    .put("nick", "Ally")
                    .put("roles", new io.vertx.core.json.JsonArray(roles)));
    String payload =
        new JsonObject()
            .put("op", 0)
            .put("t", "MESSAGE_CREATE")
            .put("s", dispatched.size() + 1)
            .put("d", d)
            .encode();
    dispatched.add(payload);
    ServerWebSocket ws = current;
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(payload);
    }
  }

  /** Sends a raw payload on the current connection. */
  void send(String payload) {
    current.writeTextMessage(payload);
  }

  /** Closes the current connection with {@code code}. */
  void close(int code) {
    ServerWebSocket ws = current;
    current = null;
    ws.close((short) code, "test");
  }

  void stopAcking() {
    ack = false;
  }

  int connections() {
    return connections.get();
  }

  List<Received> received(int op) {
    return received.stream().filter(r -> r.op() == op).toList();
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
