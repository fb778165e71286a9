package dev.chorus.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One encoded frame written to many real sockets arrives whole, as text, on every one. */
class SharedTextFrameTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void everySocketGetsTheSameTextIncludingMultiByteAndOversizedFrames() throws Exception {
    List<ServerWebSocket> server = new CopyOnWriteArrayList<>();
    HttpServer http =
        vertx
            .createHttpServer()
            .webSocketHandler(server::add)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    WebSocketClient client = vertx.createWebSocketClient();
    int sockets = 5;
    List<List<String>> received = new ArrayList<>();
    for (int i = 0; i < sockets; i++) {
      List<String> frames = new CopyOnWriteArrayList<>();
      WebSocket ws =
          client.connect(http.actualPort(), "127.0.0.1", "/").await(10, TimeUnit.SECONDS);
      ws.textMessageHandler(frames::add);
      received.add(frames);
    }
    long until = System.currentTimeMillis() + 10_000;
    while (server.size() < sockets && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    assertEquals(sockets, server.size());

    List<String> texts =
        List.of(
            "{\"type\":\"chat\",\"text\":\"héllo ✨ 💜\"}",
            "{\"type\":\"chat\",\"text\":\"" + "x".repeat(2_000) + "\"}",
            "{\"type\":\"custom\",\"text\":\"" + "y".repeat(70_000) + "\"}");
    vertx.runOnContext(
        v -> {
          for (String text : texts) {
            SharedTextFrame frame = new SharedTextFrame(text);
            for (ServerWebSocket ws : server) {
              frame.writeTo(ws);
            }
          }
        });
    until = System.currentTimeMillis() + 10_000;
    while (received.stream().anyMatch(r -> r.size() < texts.size())
        && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    for (List<String> frames : received) {
      assertEquals(texts, frames);
    }
  }
}
