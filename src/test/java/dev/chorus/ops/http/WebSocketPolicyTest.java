package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.config.ConfigException;
import dev.chorus.module.WebSocketPolicy;
import dev.chorus.ops.Modules;
import dev.chorus.ops.config.ChorusConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The origin rule itself, on a real server: configured origins, exact match, bad settings. */
class WebSocketPolicyTest {

  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    WebSocketPolicy policy = WebSocketPolicy.of(List.of("https://chat.example"), 0);
    Router router = Router.router(vertx);
    router
        .get("/ws")
        .handler(
            ctx -> {
              if (policy.admit(ctx, "/ws")) {
                ctx.request().toWebSocket();
              }
            });
    HttpServer server =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    port = server.actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aConfiguredOriginIsAcceptedAndNothingElse() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(port, "/ws", "chat.example", "https://chat.example")) {
      assertEquals(101, ws.status);
    }
    try (RawWebSocket ws =
        RawWebSocket.open(port, "/ws", "chat.example", "https://chat.example:443")) {
      assertEquals(101, ws.status, "the default port is the same origin");
    }
    for (String origin :
        List.of(
            "http://chat.example",
            "https://chat.example:8443",
            "https://chat.example.evil.example",
            "https://evil.example",
            "http://127.0.0.1:" + port)) {
      try (RawWebSocket ws = RawWebSocket.open(port, "/ws", "chat.example", origin)) {
        assertEquals(403, ws.status, origin);
        assertTrue(ws.body.contains("origin_not_allowed"), ws.body);
      }
    }
  }

  @Test
  void originsAreComparedInOneForm() {
    assertEquals("https://chat.example:443", WebSocketPolicy.normalize("HTTPS://Chat.Example"));
    assertEquals("http://[::1]:8080", WebSocketPolicy.normalize("http://[::1]:8080"));
    assertNull(WebSocketPolicy.normalize("chrome-extension://abc"));
    assertNull(WebSocketPolicy.normalize("null"));
    assertNull(WebSocketPolicy.normalize("file://"));
    assertNull(WebSocketPolicy.normalize("https://user@chat.example"));
    assertNull(WebSocketPolicy.normalize("https://chat.example/path"));
  }

  @Test
  void aMalformedOriginStopsStartUpNamingItsKey() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ChorusConfig.of(
                    Map.of("http.publicOrigins", "chat.example"), Modules.discovered()));
    assertTrue(e.getMessage().contains("http.publicOrigins"), e.getMessage());
    ConfigException overlay =
        assertThrows(
            ConfigException.class,
            () ->
                ChorusConfig.of(
                    Map.of("overlay.allowedOrigins", "chrome-extension://x"),
                    Modules.discovered()));
    assertTrue(overlay.getMessage().contains("overlay.allowedOrigins"), overlay.getMessage());
  }

  @Test
  void tlsNeedsBothFiles() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ChorusConfig.of(Map.of("http.tls.certPath", "cert.pem"), Modules.discovered()));
    assertTrue(e.getMessage().contains("http.tls.keyPath"), e.getMessage());
  }
}
