package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.module.ClientAddress;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code http.trustedProxies} on a real HTTP server: the handler in front of a route that echoes
 * the client it resolved. The trusted proxies are 127.0.0.1 and 10.0.0.0/8; requests from 127.0.0.1
 * come "through the proxy", requests from 127.0.0.5 are a client talking directly.
 */
class TrustedProxiesTest {

  static Vertx vertx;
  static HttpServer server;
  static WebClient viaProxy;
  static WebClient direct;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    TrustedProxies proxies = TrustedProxies.parse(" 127.0.0.1/32, 10.0.0.0/8 ,fd00::/8");
    Router router = Router.router(vertx);
    router.route().handler(proxies);
    router
        .get("/who")
        .handler(
            ctx -> {
              ClientAddress c = ClientAddress.of(ctx);
              ctx.json(new JsonObject().put("host", c.host()).put("secure", c.secure()));
            });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    viaProxy = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.1"));
    direct = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.5"));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static JsonObject who(WebClient client, Map<String, String> headers) {
    var request = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/who");
    headers.forEach(request::putHeader);
    return request.send().await().bodyAsJsonObject();
  }

  @Test
  void withoutHeadersTheClientIsThePeer() {
    assertEquals("127.0.0.1", who(viaProxy, Map.of()).getString("host"));
    assertEquals("127.0.0.5", who(direct, Map.of()).getString("host"));
  }

  @Test
  void theRightmostUntrustedHopIsTheClient() {
    assertEquals(
        "203.0.113.9", who(viaProxy, Map.of("X-Forwarded-For", "203.0.113.9")).getString("host"));
    // An inner proxy of the trusted network vouches for the hop before it.
    assertEquals(
        "203.0.113.9",
        who(viaProxy, Map.of("X-Forwarded-For", "203.0.113.9, 10.1.2.3")).getString("host"));
    // What the client wrote itself (the leftmost entries) is not believed: it picks no address.
    assertEquals(
        "203.0.113.9",
        who(viaProxy, Map.of("X-Forwarded-For", "6.6.6.6, 127.0.0.1, 203.0.113.9"))
            .getString("host"));
    // Headers repeated are one list, in order.
    var request = viaProxy.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/who");
    request.headers().add("X-Forwarded-For", "6.6.6.6").add("X-Forwarded-For", "198.51.100.4");
    assertEquals("198.51.100.4", request.send().await().bodyAsJsonObject().getString("host"));
  }

  @Test
  void forwardedIsReadAsRfc7239SaysAndWinsOverXForwardedFor() {
    assertEquals(
        "2001:db8:cafe:0:0:0:0:17",
        who(
                viaProxy,
                Map.of(
                    "Forwarded", "for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";proto=https",
                    "X-Forwarded-For", "198.51.100.4"))
            .getString("host"));
    JsonObject v4 = who(viaProxy, Map.of("Forwarded", "For=\"192.0.2.60:8080\";Proto=https"));
    assertEquals("192.0.2.60", v4.getString("host"));
    assertTrue(v4.getBoolean("secure"));
  }

  @Test
  void aHopThatIsNoAddressEndsTheWalkAtTheLastBelievableProxy() {
    for (String garbage : new String[] {"unknown", "_hidden", "evil.example", "1234", "", "::zz"}) {
      assertEquals(
          "10.9.9.9",
          who(viaProxy, Map.of("X-Forwarded-For", garbage + ", 10.9.9.9")).getString("host"),
          garbage);
      assertEquals(
          "127.0.0.1",
          who(viaProxy, Map.of("Forwarded", "for=" + garbage)).getString("host"),
          garbage);
    }
  }

  @Test
  void aClientThatIsNoTrustedProxyCannotSpoofAddressOrScheme() {
    JsonObject spoofed =
        who(
            direct,
            Map.of(
                "X-Forwarded-For", "10.0.0.1",
                "Forwarded", "for=10.0.0.1;proto=https",
                "X-Forwarded-Proto", "https"));
    assertEquals("127.0.0.5", spoofed.getString("host"));
    assertEquals(false, spoofed.getBoolean("secure"));
  }

  @Test
  void theSchemeIsTheNearestProxysWord() {
    assertEquals(true, who(viaProxy, Map.of("X-Forwarded-Proto", "https")).getBoolean("secure"));
    assertEquals(
        false, who(viaProxy, Map.of("X-Forwarded-Proto", "https, http")).getBoolean("secure"));
    assertEquals(false, who(viaProxy, Map.of()).getBoolean("secure"));
  }

  @Test
  void aBadListNamesTheEntry() {
    for (String bad : new String[] {"10.0.0.0/33", "proxy.example", "10.0.0/8", "::1/129", "1/8"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(bad), bad);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
    assertTrue(TrustedProxies.parse("").none());
    assertTrue(TrustedProxies.parse(" , ").none());
  }
}
