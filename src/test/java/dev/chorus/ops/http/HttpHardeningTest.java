package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP hardening rules on a whole process (docs/http-hardening.md), tried as an attacker would:
 * WebSocket origins on every WebSocket route, invalid UTF-8, connection caps, idle connections,
 * security and caching headers, and per-route body limits.
 */
class HttpHardeningTest {

  private static final int CAP = 6;
  private static final List<String> SOCKETS =
      List.of("/ws/chat", "/ws/overlay/demo?token=whatever", "/ws/dashboard");

  @TempDir static Path dataDir;
  static Chorus chorus;
  static int port;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "http.maxConnectionsPerAddress", Integer.toString(CAP),
                "http.idleTimeoutSeconds", "3",
                "http.webSocketPingSeconds", "1"));
    port = chorus.httpPort();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    chorus.stop().await();
  }

  @Test
  void aRebindingPageIsRefusedOnEveryWebSocket() throws Exception {
    // The page is on evil.example, which resolves to this server: its Host header agrees with
    // its Origin, and neither is an allowed origin.
    for (String path : SOCKETS) {
      try (RawWebSocket ws =
          RawWebSocket.open(port, path, "evil.example:" + port, "http://evil.example:" + port)) {
        assertEquals(403, ws.status, path);
        JsonObject error = new JsonObject(ws.body);
        assertEquals("origin_not_allowed", error.getString("error"), path);
        assertTrue(error.getString("message").contains("http.publicOrigins"), ws.body);
      }
    }
  }

  @Test
  void anotherSchemeOrAnOpaqueOriginIsRefused() throws Exception {
    String host = "127.0.0.1:" + port;
    for (String origin :
        List.of(
            "https://127.0.0.1:" + port,
            "chrome-extension://abcdefghijklmnop",
            "null",
            "http://127.0.0.1:" + port + "/page",
            "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1))) {
      for (String path : SOCKETS) {
        try (RawWebSocket ws = RawWebSocket.open(port, path, host, origin)) {
          assertEquals(403, ws.status, origin + " on " + path);
        }
      }
    }
  }

  @Test
  void theLoopbackOriginsOfThePortAndNoOriginAreAccepted() throws Exception {
    // The Host header plays no part: a loopback page is accepted whatever Host says.
    for (String origin :
        List.of(
            "http://localhost:" + port, "http://127.0.0.1:" + port, "HTTP://LOCALHOST:" + port)) {
      try (RawWebSocket ws = RawWebSocket.open(port, "/ws/chat", "anything.example", origin)) {
        assertEquals(101, ws.status, origin);
      }
    }
    for (String path : List.of("/ws/chat", "/ws/dashboard")) {
      try (RawWebSocket ws = RawWebSocket.open(port, path, "127.0.0.1:" + port, null)) {
        assertEquals(101, ws.status, "no Origin (not a browser) on " + path);
      }
    }
  }

  @Test
  void invalidUtf8InATextFrameClosesWith1007() throws Exception {
    byte[] bad = {'{', '"', 0x74, (byte) 0xC3, 0x28, (byte) 0xFF, '"', '}'};
    for (String path : List.of("/ws/chat", "/ws/dashboard")) {
      try (RawWebSocket ws =
          RawWebSocket.open(port, path, "127.0.0.1:" + port, "http://127.0.0.1:" + port)) {
        assertEquals(101, ws.status);
        ws.sendText(bad);
        assertEquals(1007, ws.awaitClose(), path);
      }
    }
  }

  @Test
  void oneAddressHoldsAtMostTheCapOfWebSockets() throws Exception {
    // From an address of its own (all of 127/8 is loopback), so other tests' sockets do not count.
    String from = "127.0.0." + (10 + (int) (Math.random() * 200));
    List<RawWebSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        RawWebSocket ws = RawWebSocket.open(from, port, "/ws/chat", "127.0.0.1:" + port, null);
        open.add(ws);
        assertEquals(101, ws.status, "connection " + (i + 1));
      }
      try (RawWebSocket over =
          RawWebSocket.open(from, port, "/ws/overlay/demo?token=x", "127.0.0.1:" + port, null)) {
        assertEquals(429, over.status);
        assertEquals("too_many_connections", new JsonObject(over.body).getString("error"));
      }
      open.remove(0).close();
      // The server counts the closed one out once it sees the close: then one more fits.
      int status = 0;
      for (int attempt = 0; attempt < 50 && status != 101; attempt++) {
        RawWebSocket again = RawWebSocket.open(from, port, "/ws/chat", "127.0.0.1:" + port, null);
        status = again.status;
        if (status == 101) {
          open.add(again);
        } else {
          again.close();
          Thread.sleep(100);
        }
      }
      assertEquals(101, status, "a freed place is given again");
    } finally {
      for (RawWebSocket ws : open) {
        ws.close();
      }
    }
  }

  @Test
  void aSilentPeerIsClosedAndOneThatAnswersPingsIsNot() throws Exception {
    try (RawWebSocket silent = RawWebSocket.open(port, "/ws/chat", "127.0.0.1:" + port, null);
        RawWebSocket live = RawWebSocket.open(port, "/ws/chat", "127.0.0.1:" + port, null)) {
      assertEquals(101, silent.status);
      assertEquals(101, live.status);
      // The live one answers every ping for twice the idle timeout and is still open.
      live.timeout(7_000);
      assertEquals(-2, live.awaitClose(), "a socket that answers pings stays open");
      // The silent one never sent a byte: closed by the read idle timeout by now.
      silent.timeout(10_000);
      assertTrue(silent.closedByServer(), "a peer that sends nothing is closed");
    }
  }

  @Test
  void pagesGetAPolicyNoFramingAndRevalidation() throws Exception {
    for (String path : List.of("/", "/index.html", "/dashboard")) {
      HttpResponse<String> page = get(path, null);
      assertEquals(200, page.statusCode(), path);
      String csp = header(page, "content-security-policy");
      assertNotNull(csp, path);
      assertTrue(csp.contains("script-src 'self'"), csp);
      assertFalse(csp.contains("unsafe-inline"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'"), csp);
      assertEquals("DENY", header(page, "x-frame-options"), path);
      assertEquals("nosniff", header(page, "x-content-type-options"), path);
      assertEquals("no-referrer", header(page, "referrer-policy"), path);
      assertEquals("no-cache", header(page, "cache-control"), path);
    }
  }

  @Test
  void overlayPagesMayBeFramedButKeepTheirPolicy() throws Exception {
    HttpResponse<String> page = get("/overlay/demo/chat", null);
    assertEquals(200, page.statusCode());
    String csp = header(page, "content-security-policy");
    assertTrue(csp.contains("script-src 'self'"), csp);
    assertFalse(csp.contains("frame-ancestors"), csp);
    assertNull(header(page, "x-frame-options"));
    assertEquals("no-cache", header(page, "cache-control"));
  }

  @Test
  void assetsAreImmutableOnlyWhenVersioned() throws Exception {
    for (String asset : List.of("/chat.js", "/overlay/chat.js", "/dashboard/dashboard.js")) {
      HttpResponse<String> plain = get(asset, null);
      assertEquals(200, plain.statusCode(), asset);
      assertEquals("no-cache", header(plain, "cache-control"), asset);
      assertEquals("nosniff", header(plain, "x-content-type-options"), asset);
    }
    HttpResponse<String> versioned = get("/chat.js?v=1.2.3", null);
    assertEquals(SecurityHeaders.IMMUTABLE, header(versioned, "cache-control"));
  }

  @Test
  void apiAndHealthAnswersAreNeverStored() throws Exception {
    for (String path : List.of("/api/v1/communities", "/health/live", "/metrics")) {
      HttpResponse<String> answer = get(path, TestChorus.ADMIN_KEY);
      assertEquals(200, answer.statusCode(), path);
      assertEquals("no-store", header(answer, "cache-control"), path);
      assertEquals("nosniff", header(answer, "x-content-type-options"), path);
    }
    HttpResponse<String> unauthorized = get("/api/v1/communities", null);
    assertEquals("no-store", header(unauthorized, "cache-control"));
  }

  @Test
  void aRoutesOwnBodyLimitIsInForce() throws Exception {
    // Commands take 16 KiB (the module's limit, declared in the document); communities 64 KiB.
    String big = "{\"response\":\"" + "x".repeat(20 * 1024) + "\"}";
    HttpResponse<String> command = send("PUT", "/api/v1/communities/demo/commands/huge", big);
    assertEquals(413, command.statusCode(), command.body());
    JsonObject error = new JsonObject(command.body());
    assertEquals("body_too_large", error.getString("error"));
    assertTrue(error.getString("message").contains("16384"), error.getString("message"));
    assertEquals("no-store", header(command, "cache-control"));
    // The same size is within another route's limit: refused for its content, not its size.
    HttpResponse<String> community =
        send(
            "POST",
            "/api/v1/communities",
            "{\"id\":\"x\",\"name\":\"" + "y".repeat(20 * 1024) + "\"}");
    assertTrue(community.statusCode() != 413, community.body());
    // A small command body passes the limit.
    HttpResponse<String> small =
        send("PUT", "/api/v1/communities/demo/commands/limitok", "{\"response\":\"ok\"}");
    assertTrue(small.statusCode() / 100 == 2, small.body());
  }

  private static HttpResponse<String> get(String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + TestChorus.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }
}
