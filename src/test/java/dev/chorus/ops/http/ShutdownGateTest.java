package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP port of a stopping process, on a real server (decision 135). */
class ShutdownGateTest {

  private Vertx vertx;
  private Vertx clientVertx;
  private WebClient web;
  private final ShutdownGate gate = new ShutdownGate();
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
    web = WebClient.create(clientVertx);
    Router router = Router.router(vertx);
    router.route().handler(gate);
    router.get("/health/ready").handler(ctx -> ctx.end(gate.closing() ? "down" : "up"));
    router.get("/metrics").handler(ctx -> ctx.end("metrics"));
    router.get("/api/v1/thing").handler(ctx -> ctx.end("thing"));
    router
        .get("/ws")
        .handler(
            ctx ->
                ctx.request()
                    .toWebSocket()
                    .onSuccess(ws -> ws.textMessageHandler(t -> ws.writeTextMessage("echo " + t))));
    HttpServer server =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    port = server.actualPort();
  }

  @AfterEach
  void stop() {
    web.close();
    clientVertx.close().await();
    vertx.close().await();
  }

  private WebSocket connect(WebSocketClient client) throws Exception {
    return client
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  void closingRefusesNewRequestsAndSendsOpenSocketsGoingAway() throws Exception {
    WebSocketClient client = clientVertx.createWebSocketClient();
    WebSocket open = connect(client);
    CompletableFuture<String> echo = new CompletableFuture<>();
    CompletableFuture<Short> closed = new CompletableFuture<>();
    open.textMessageHandler(echo::complete);
    open.closeHandler(v -> closed.complete(open.closeStatusCode()));
    open.writeTextMessage("hi");
    assertEquals("echo hi", echo.get(10, TimeUnit.SECONDS));
    assertEquals(1, gate.openWebSockets());
    assertEquals(200, get("/api/v1/thing").statusCode());

    gate.close();

    assertEquals(ShutdownGate.GOING_AWAY, closed.get(10, TimeUnit.SECONDS));
    assertEquals(ShutdownGate.REASON, open.closeReason());
    HttpResponse<?> refused = get("/api/v1/thing");
    assertEquals(503, refused.statusCode());
    assertEquals("close", refused.getHeader("Connection"));
    assertEquals("1", refused.getHeader("Retry-After"));
    JsonObject body = refused.bodyAsJsonObject();
    assertEquals("shutting_down", body.getString("error"));
    assertTrue(body.getString("message").contains("stopping"), body.encode());
    assertEquals("down", get("/health/ready").bodyAsString(), "health still answers");
    assertEquals("metrics", get("/metrics").bodyAsString());
    assertTrue(gate.check().failed(), "readiness DOWN");
    try {
      connect(client);
      throw new AssertionError("a new WebSocket was accepted while stopping");
    } catch (UpgradeRejectedException e) {
      assertEquals(503, e.getStatus());
    }
    assertEquals(0, gate.openWebSockets());
  }

  @Test
  void aRefusedUpgradeIsNotMistakenForASocket() throws Exception {
    // An HTTP connection that asked for an upgrade the route refused has no WebSocket to close.
    Router plain = Router.router(vertx);
    plain.route().handler(gate);
    plain.get("/ws").handler(ctx -> ctx.response().setStatusCode(403).end());
    int other =
        vertx.createHttpServer().requestHandler(plain).listen(0, "127.0.0.1").await().actualPort();
    WebSocketClient client = clientVertx.createWebSocketClient();
    try {
      client
          .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(other).setURI("/ws"))
          .await(10, TimeUnit.SECONDS);
      throw new AssertionError("upgrade accepted");
    } catch (UpgradeRejectedException e) {
      assertEquals(403, e.getStatus());
    }
    assertEquals(0, gate.openWebSockets());
    gate.close(); // nothing to write a close frame to; must not fail
    assertTrue(gate.closing());
  }

  private HttpResponse<io.vertx.core.buffer.Buffer> get(String path) throws Exception {
    return web.get(port, "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
  }
}
