package dev.chorus.collector.discord;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.collector.PlatformTestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /webhooks/discord} over HTTP with requests signed as Discord signs them. */
class DiscordInteractionsRouteTest {

  static final String PING = "{\"application_id\":\"123\",\"id\":\"456\",\"type\":1,\"version\":1}";
  final DiscordKeys keys = new DiscordKeys();
  PlatformTestNode node;

  @BeforeEach
  void setUp() {
    node = new PlatformTestNode();
    node.serve(
        (vertx, router) ->
            new DiscordInteractionsRoute(keys.publicHex(), node.metrics).mount(router));
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  HttpResponse<Buffer> post(String body, String timestamp, String signature) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var request = node.client.post(node.port(), "127.0.0.1", DiscordInteractionsRoute.PATH);
    if (timestamp != null) {
      request.putHeader(DiscordSignatureVerifier.TIMESTAMP, timestamp);
    }
    if (signature != null) {
      request.putHeader(DiscordSignatureVerifier.SIGNATURE, signature);
    }
    return await(request.sendBuffer(Buffer.buffer(bytes)));
  }

  @Test
  void aSignedPingIsAnsweredPong() {
    String ts = String.valueOf(Instant.now().getEpochSecond());
    HttpResponse<Buffer> r = post(PING, ts, keys.sign(ts, PING.getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, r.statusCode());
    assertEquals(1, new JsonObject(r.bodyAsString()).getInteger("type"));
  }

  @Test
  void aForgedPingIsRefused401AsDiscordExpects() {
    String ts = String.valueOf(Instant.now().getEpochSecond());
    String other = new DiscordKeys().sign(ts, PING.getBytes(StandardCharsets.UTF_8));
    HttpResponse<Buffer> r = post(PING, ts, other);
    assertEquals(401, r.statusCode());
    assertEquals("bad_signature", new JsonObject(r.bodyAsString()).getString("error"));
  }

  @Test
  void aStaleOrUnsignedRequestIsRefused() {
    String old = String.valueOf(Instant.now().getEpochSecond() - 600);
    HttpResponse<Buffer> stale =
        post(PING, old, keys.sign(old, PING.getBytes(StandardCharsets.UTF_8)));
    assertEquals(401, stale.statusCode());
    assertEquals("stale", new JsonObject(stale.bodyAsString()).getString("error"));
    HttpResponse<Buffer> unsigned = post(PING, null, null);
    assertEquals(true, unsigned.statusCode() == 400 || unsigned.statusCode() == 401);
    assertEquals(
        true, new JsonObject(unsigned.bodyAsString()).getString("error") != null, "JSON error");
  }

  @Test
  void aSignedCommandIsAnswered400Unsupported() {
    String body = "{\"id\":\"1\",\"type\":2,\"data\":{\"name\":\"ping\"}}";
    String ts = String.valueOf(Instant.now().getEpochSecond());
    HttpResponse<Buffer> r = post(body, ts, keys.sign(ts, body.getBytes(StandardCharsets.UTF_8)));
    assertEquals(400, r.statusCode());
    assertEquals("unsupported", new JsonObject(r.bodyAsString()).getString("error"));
  }
}
