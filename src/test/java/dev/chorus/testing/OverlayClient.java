package dev.chorus.testing;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client of {@code /ws/overlay/{community}} for tests. Frames are queued as they
 * arrive and awaited from the test thread; {@link #frames()} counts without waiting (for tests with
 * many clients).
 */
public final class OverlayClient implements AutoCloseable {

  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private volatile Short closeStatus;

  private OverlayClient(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(
        v -> {
          closeStatus = socket.closeStatusCode();
          closed = true;
        });
  }

  /** The connect options of a feed URL; {@code since} is left out when negative. */
  public static WebSocketConnectOptions options(
      int port, String community, String token, long since, String origin) {
    String uri =
        "/ws/overlay/"
            + community
            + "?token="
            + URLEncoder.encode(token == null ? "" : token, StandardCharsets.UTF_8)
            + (since >= 0 ? "&since=" + since : "");
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    return options;
  }

  /** Connects; the future fails with the HTTP status when the upgrade is refused. */
  public static Future<OverlayClient> connect(
      WebSocketClient client, int port, String community, String token, long since) {
    return client.connect(options(port, community, token, since, null)).map(OverlayClient::new);
  }

  public static OverlayClient open(
      WebSocketClient client, int port, String community, String token, long since)
      throws Exception {
    return connect(client, port, community, token, since).await(10, TimeUnit.SECONDS);
  }

  /** The next frame, waiting up to 10 s. */
  public JsonObject next() throws InterruptedException {
    JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no overlay frame within 10 s");
    }
    return frame;
  }

  /** The next frame of {@code type}, skipping others. */
  public JsonObject next(String type) throws InterruptedException {
    while (true) {
      JsonObject frame = next();
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }

  /** Everything received so far and not yet taken. */
  public List<JsonObject> drain() {
    List<JsonObject> out = new ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  public int queued() {
    return frames.size();
  }

  public JsonObject poll(long millis) throws InterruptedException {
    return frames.poll(millis, TimeUnit.MILLISECONDS);
  }

  public boolean isClosed() {
    return closed;
  }

  public Short closeStatus() {
    return closeStatus;
  }

  @Override
  public void close() {
    if (!closed) {
      try {
        socket.close().await(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("the overlay socket did not close in 10 s", e);
      }
    }
  }
}
