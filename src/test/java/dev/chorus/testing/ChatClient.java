package dev.chorus.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client of {@code /ws/chat} for tests: frames received are queued and awaited
 * from the test thread (never from an event loop).
 */
public final class ChatClient implements AutoCloseable {

  /** Held for the socket's lifetime: Vert.x closes a client that becomes unreachable (garbage). */
  private final WebSocketClient client;

  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  private ChatClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> closed = true);
  }

  public static ChatClient connect(Vertx vertx, int port) throws Exception {
    return connect(vertx, port, null);
  }

  public static ChatClient connect(Vertx vertx, int port, String origin) throws Exception {
    return connect(vertx, port, origin, "/ws/chat");
  }

  /** Connects to {@code uri} (e.g. {@code /ws/chat?community=demo&token=…}). */
  public static ChatClient connect(Vertx vertx, int port, String origin, String uri)
      throws Exception {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      return new ChatClient(client, client.connect(options).await(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  public static JsonObject message(String community, String user, String text) {
    return new JsonObject()
        .put("type", "chat.message")
        .put("community", community)
        .put("channel", community)
        .put("user", new JsonObject().put("id", user).put("name", user))
        .put("text", text);
  }

  public void send(JsonObject frame) {
    sendText(frame.encode());
  }

  public void sendText(String text) {
    socket.writeTextMessage(text).await();
  }

  /** The next frame, waiting up to 10 s; fails the test when none arrives. */
  public JsonObject next() throws InterruptedException {
    JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within 10 s");
    }
    return frame;
  }

  /** The next frame of {@code type}, skipping others (they are returned in {@code skipped}). */
  public JsonObject next(String type, List<JsonObject> skipped) throws InterruptedException {
    while (true) {
      JsonObject frame = next();
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
      skipped.add(frame);
    }
  }

  public JsonObject next(String type) throws InterruptedException {
    return next(type, new ArrayList<>());
  }

  /** Waits up to {@code millis} for a frame; null when none came. */
  public JsonObject poll(long millis) throws InterruptedException {
    return frames.poll(millis, TimeUnit.MILLISECONDS);
  }

  public boolean isClosed() {
    return closed;
  }

  /** The status code of the server's close frame, or {@code null} while open. */
  public Short closeStatus() {
    return socket.closeStatusCode();
  }

  /** The close reason the server sent (null while open or when none was sent). */
  public String closeReason() {
    return socket.closeReason();
  }

  @Override
  public void close() {
    if (!closed) {
      socket.close().await();
    }
    client.close().await();
  }
}
