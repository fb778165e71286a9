package dev.chorus.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.twitch.eventsub.EventSubRoute;
import dev.chorus.collector.twitch.eventsub.EventSubVerifier;
import dev.chorus.collector.twitch.eventsub.InMemorySeenIds;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed Twitch EventSub {@code stream.online} through a whole process (webhook → journal →
 * router → command stage) sets {@code stream.startedAt}; an {@code !uptime}-like command in {@code
 * /ws/chat} reads it; {@code stream.offline} ends it.
 */
class StreamOnlineEndToEndTest {

  static final String SECRET = "eventsub-secret-for-uptime-test";
  static final String COMMUNITY = "kit";
  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir, Map.of("eventsub.secret", SECRET));
    client = Vertx.vertx();
    http = WebClient.create(client);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close().await();
    }
    if (chorus != null) {
      chorus.stop().await();
    }
  }

  static HttpResponse<Buffer> admin(HttpMethod method, String path, String body) throws Exception {
    return http.request(method, chorus.httpPort(), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestChorus.ADMIN_KEY)
        .sendBuffer(Buffer.buffer(body))
        .await(10, TimeUnit.SECONDS);
  }

  static int notify(String messageId, String subscriptionType, JsonObject event) throws Exception {
    byte[] body =
        new JsonObject()
            .put(
                "subscription",
                new JsonObject()
                    .put("id", "sub-" + subscriptionType)
                    .put("type", subscriptionType)
                    .put("version", "1")
                    .put("status", "enabled")
                    .put("condition", new JsonObject().put("broadcaster_user_id", "4242")))
            .put("event", event)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    String ts = Instant.now().toString();
    String signature =
        new EventSubVerifier(SECRET, new InMemorySeenIds(10)).sign(messageId, ts, body);
    return http.post(chorus.httpPort(), "127.0.0.1", EventSubRoute.PATH)
        .putHeader(EventSubVerifier.MESSAGE_ID, messageId)
        .putHeader(EventSubVerifier.TIMESTAMP, ts)
        .putHeader(EventSubVerifier.SIGNATURE, signature)
        .putHeader(EventSubVerifier.MESSAGE_TYPE, "notification")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await(10, TimeUnit.SECONDS)
        .statusCode();
  }

  static String say(ChatClient chat, String text) throws Exception {
    chat.send(ChatClient.message(COMMUNITY, "ann", text));
    chat.next("ack");
    JsonObject reply = chat.poll(1500);
    return reply == null ? null : reply.getString("text");
  }

  /** Asks {@code !up} until it answers something matching {@code regex} (the stage is async). */
  static String awaitUp(ChatClient chat, String regex) throws Exception {
    String last = null;
    for (int i = 0; i < 40; i++) {
      last = say(chat, "!up");
      if (last != null && last.matches(regex)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("!up never matched " + regex + ", last: " + last);
  }

  @Test
  void streamOnlineStartsTheUptimeAndOfflineEndsIt() throws Exception {
    HttpResponse<Buffer> linked =
        admin(
            HttpMethod.PUT,
            "/api/v1/communities/" + COMMUNITY + "/channels/twitch/4242",
            "{\"name\":\"kitstream\"}");
    assertEquals(200, linked.statusCode(), linked.bodyAsString());
    HttpResponse<Buffer> up =
        admin(
            HttpMethod.PUT,
            "/api/v1/communities/" + COMMUNITY + "/commands/up",
            "{\"response\":\"up ${uptime}\",\"globalCooldown\":0,\"personCooldown\":0}");
    assertEquals(200, up.statusCode(), up.bodyAsString());
    Instant started = Instant.now().minusSeconds(3 * 3600 + 4 * 60 + 30);
    JsonObject broadcaster =
        new JsonObject()
            .put("broadcaster_user_id", "4242")
            .put("broadcaster_user_login", "kitstream")
            .put("broadcaster_user_name", "KitStream");
    assertEquals(
        204,
        notify(
            "online-1",
            "stream.online",
            broadcaster
                .copy()
                .put("id", "stream-1")
                .put("type", "live")
                .put("started_at", started.toString())));
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals("up 3 h 4 min", awaitUp(chat, "up 3 h .*"));
      String uptime = say(chat, "!uptime");
      assertTrue(uptime.startsWith("Live for 3 h 4 min"), uptime);
      assertEquals(204, notify("offline-1", "stream.offline", broadcaster));
      assertEquals("up offline", awaitUp(chat, "up offline"));
    }
  }
}
