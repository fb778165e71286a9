package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.access.ApiKeys;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole process behind a trusted proxy (127.0.0.1) with clients elsewhere: the connection caps,
 * the key-guessing limit, the sign-in limit and the session cookie's {@code Secure} flag all see
 * the client the proxy names; a client talking directly (127.0.0.3, not trusted) cannot name one.
 */
class ForwardedClientTest {

  private static final int CAP = 2;
  private static final int MAX_FAILED = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir static Path dataDir;
  static Chorus chorus;
  static int port;
  static Vertx client;
  static WebClient proxy;
  static WebClient direct;

  @BeforeAll
  static void start() throws Exception {
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "http.trustedProxies", "127.0.0.1/32",
                "http.maxConnectionsPerAddress", Integer.toString(CAP),
                "http.maxFailedKeysPerAddress", Integer.toString(MAX_FAILED)));
    port = chorus.httpPort();
    client = Vertx.vertx();
    proxy = WebClient.create(client, new WebClientOptions().setLocalAddress("127.0.0.1"));
    direct = WebClient.create(client, new WebClientOptions().setLocalAddress("127.0.0.3"));
  }

  @AfterAll
  static void stop() {
    chorus.stop().await();
    client.close().await();
  }

  private static HttpResponse<Buffer> call(
      WebClient from, HttpMethod method, String uri, Map<String, String> headers, JsonObject body) {
    var request = from.request(method, port, "127.0.0.1", uri);
    headers.forEach(request::putHeader);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static RawWebSocket chat(String from, Map<String, String> headers) throws Exception {
    return RawWebSocket.open(from, port, "/ws/chat", "127.0.0.1:" + port, null, headers);
  }

  @Test
  void theCapCountsTheClientTheProxyNames() throws Exception {
    List<RawWebSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        // The client may write anything to the left: the proxy's own entry is what counts.
        RawWebSocket ws =
            chat("127.0.0.1", Map.of("X-Forwarded-For", "10.0.0." + i + ", 203.0.113.1"));
        open.add(ws);
        assertEquals(101, ws.status);
      }
      try (RawWebSocket over = chat("127.0.0.1", Map.of("X-Forwarded-For", "203.0.113.1"))) {
        assertEquals(429, over.status, over.body);
        assertEquals("too_many_connections", new JsonObject(over.body).getString("error"));
      }
      // Another client behind the same proxy is not held to the first one's connections.
      RawWebSocket other = chat("127.0.0.1", Map.of("Forwarded", "for=\"[2001:db8::5]:1234\""));
      open.add(other);
      assertEquals(101, other.status);
    } finally {
      for (RawWebSocket ws : open) {
        ws.close();
      }
    }
  }

  @Test
  void aDirectClientCannotEscapeTheCapWithForgedHeaders() throws Exception {
    List<RawWebSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        RawWebSocket ws = chat("127.0.0.3", Map.of("X-Forwarded-For", "198.51.100." + i));
        open.add(ws);
        assertEquals(101, ws.status);
      }
      try (RawWebSocket spoof =
          chat(
              "127.0.0.3",
              Map.of("X-Forwarded-For", "198.51.100.99", "Forwarded", "for=198.51.100.98"))) {
        assertEquals(429, spoof.status, "the forged header is ignored: " + spoof.body);
      }
    } finally {
      for (RawWebSocket ws : open) {
        ws.close();
      }
    }
  }

  @Test
  void guessedKeysAreLimitedPerClientAndGoodRequestsAreNot() {
    String uri = "/api/v1/communities/demo/commands";
    Map<String, String> guesser = Map.of("X-Forwarded-For", "203.0.113.50");
    for (int i = 0; i < MAX_FAILED; i++) {
      var refused =
          call(
              proxy,
              HttpMethod.GET,
              uri,
              with(guesser, "Authorization", "Bearer " + ApiKeys.newSecret(RANDOM)),
              null);
      assertEquals(401, refused.statusCode(), "guess " + i + ": " + refused.bodyAsString());
    }
    // Past the limit any bearer from there gets 429, a good key too: guessing learns nothing.
    for (String key : List.of(ApiKeys.newSecret(RANDOM), "not-even-shaped", TestChorus.ADMIN_KEY)) {
      var limited =
          call(proxy, HttpMethod.GET, uri, with(guesser, "Authorization", "Bearer " + key), null);
      assertEquals(429, limited.statusCode(), limited.bodyAsString());
      assertEquals("too_many_attempts", limited.bodyAsJsonObject().getString("error"));
      long retry = Long.parseLong(limited.getHeader("Retry-After"));
      assertTrue(retry > 0 && retry <= 300, "Retry-After " + retry);
    }
    // Public routes stay open to it; another client behind the proxy is not limited.
    assertEquals(200, call(proxy, HttpMethod.GET, "/health/live", guesser, null).statusCode());
    Map<String, String> good = Map.of("X-Forwarded-For", "203.0.113.51");
    for (int i = 0; i < MAX_FAILED * 5; i++) {
      var ok =
          call(
              proxy,
              HttpMethod.GET,
              uri,
              with(good, "Authorization", "Bearer " + TestChorus.ADMIN_KEY),
              null);
      assertEquals(200, ok.statusCode(), "successful request " + i + ": " + ok.bodyAsString());
    }
    // A direct client forging the guesser's address is itself, not blocked by the guesser.
    var forged =
        call(
            direct,
            HttpMethod.GET,
            uri,
            with(guesser, "Authorization", "Bearer " + TestChorus.ADMIN_KEY),
            null);
    assertEquals(200, forged.statusCode(), forged.bodyAsString());
  }

  @Test
  void failedSignInsAreCountedPerForwardedClient() {
    Map<String, String> hostile = Map.of("X-Forwarded-For", "203.0.113.60");
    JsonObject wrong = new JsonObject().put("key", ApiKeys.PREFIX + "guess");
    int limited = -1;
    for (int i = 0; i < 20 && limited < 0; i++) {
      int status = call(proxy, HttpMethod.POST, "/api/v1/session", hostile, wrong).statusCode();
      if (status == 429) {
        limited = i;
      } else {
        assertEquals(401, status, "attempt " + i);
      }
    }
    assertEquals(10, limited, "the 11th failed sign-in from one client is refused");
    var other =
        call(
            proxy,
            HttpMethod.POST,
            "/api/v1/session",
            Map.of("X-Forwarded-For", "203.0.113.61"),
            new JsonObject().put("key", TestChorus.ADMIN_KEY));
    assertEquals(201, other.statusCode(), other.bodyAsString());
  }

  @Test
  void theSessionCookieIsSecureWhenTheProxySaysHttps() {
    JsonObject key = new JsonObject().put("key", TestChorus.ADMIN_KEY);
    String viaHttps =
        call(proxy, HttpMethod.POST, "/api/v1/session", Map.of("X-Forwarded-Proto", "https"), key)
            .getHeader("Set-Cookie");
    assertNotNull(viaHttps);
    assertTrue(viaHttps.contains("Secure"), viaHttps);
    String plain =
        call(proxy, HttpMethod.POST, "/api/v1/session", Map.of(), key).getHeader("Set-Cookie");
    assertFalse(plain.contains("Secure"), plain);
    // A client of its own saying so is not believed (its connection is plain HTTP).
    String spoofed =
        call(direct, HttpMethod.POST, "/api/v1/session", Map.of("X-Forwarded-Proto", "https"), key)
            .getHeader("Set-Cookie");
    assertFalse(spoofed.contains("Secure"), spoofed);
  }

  private static Map<String, String> with(Map<String, String> base, String name, String value) {
    Map<String, String> all = new java.util.HashMap<>(base);
    all.put(name, value);
    return all;
  }
}
