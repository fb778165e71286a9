package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton end to end: a real WebSocket client against a whole Chorus process. */
class WebChatEndToEndTest {

  @TempDir static Path dataDir;

  static Chorus chorus;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir);
    client = Vertx.vertx();
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

  @Test
  void pingIsAnsweredWithPongAfterAnAck() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("e2e", "alice", "!ping"));
      JsonObject ack = chat.next();
      assertEquals("ack", ack.getString("type"));
      String id = ack.getString("id");
      assertNotNull(UUID.fromString(id));
      JsonObject reply = chat.next();
      assertEquals("reply", reply.getString("type"));
      assertEquals("pong", reply.getString("text"));
      assertEquals(id, reply.getString("inReplyTo"));
      assertEquals("e2e", reply.getString("channel"));
    }
  }

  @Test
  void helpAndCommandsListTheBuiltins() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("e2e", "bob", "!commands"));
      String text = chat.next("reply").getString("text");
      assertTrue(
          text.contains("!ping") && text.contains("!help") && text.contains("!commands"), text);
      chat.send(ChatClient.message("e2e", "bob", "!help ping"));
      assertTrue(chat.next("reply").getString("text").startsWith("!ping "));
    }
  }

  @Test
  void plainMessagesAreAcknowledgedWithoutReply() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("e2e", "carol", "hello everyone"));
      assertEquals("ack", chat.next().getString("type"));
      assertNull(chat.poll(300), "no reply to a plain message");
    }
  }

  @Test
  void twoThousandMessagesOverFourConnectionsAreEachLoggedOnce() throws Exception {
    String community = "load";
    int connections = 4;
    int perConnection = 500;
    List<ChatClient> chats = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        chats.add(ChatClient.connect(client, chorus.httpPort()));
      }
      List<Map<String, JsonObject>> sent = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        sent.add(new HashMap<>());
      }
      for (int i = 0; i < perConnection; i++) {
        for (int c = 0; c < connections; c++) {
          JsonObject frame =
              ChatClient.message(community, "user" + c, "message " + i + " from " + c)
                  .put("id", UUID.randomUUID().toString());
          sent.get(c).put(frame.getString("id"), frame);
          chats.get(c).send(frame);
        }
      }
      // A refusal asks for a resend of the same id (the protocol's answer to a log that is busy
      // on an overloaded machine); whatever the mix, every id ends up acknowledged once.
      Set<String> acked = new HashSet<>();
      int resends = 0;
      for (int c = 0; c < connections; c++) {
        ChatClient chat = chats.get(c);
        int answered = 0;
        while (answered < perConnection) {
          JsonObject frame = chat.next();
          String id = frame.getString("id");
          if ("error".equals(frame.getString("type"))
              && Set.of("unavailable", "overloaded").contains(frame.getString("code"))
              && resends < 2 * connections * perConnection) {
            resends++;
            Thread.sleep(20);
            chat.send(sent.get(c).get(id));
            continue;
          }
          assertEquals("ack", frame.getString("type"), frame.encode());
          assertTrue(acked.add(id), "an id was acknowledged twice");
          answered++;
        }
      }
      assertEquals(connections * perConnection, acked.size());
    } finally {
      chats.forEach(ChatClient::close);
    }
    long rows =
        chorus
            .port(InteractionLog.class)
            .count(community, Interaction.Kind.EVENT)
            .await(10, TimeUnit.SECONDS);
    assertEquals(2000L, rows);
    List<Interaction> latest =
        chorus.port(InteractionLog.class).latest(community, null, 1000).await(10, TimeUnit.SECONDS);
    assertEquals(1000, latest.size());
    assertEquals(1000, latest.stream().map(Interaction::id).distinct().count(), "no row twice");
  }

  @Test
  void theSameIdResentIsAcknowledgedAgainButProcessedOnce() throws Exception {
    String id = UUID.randomUUID().toString();
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      JsonObject frame = ChatClient.message("resend", "dave", "!ping").put("id", id);
      chat.send(frame);
      JsonObject first = chat.next("ack");
      assertEquals(id, first.getString("id"));
      assertEquals("pong", chat.next("reply").getString("text"));
      chat.send(frame);
      JsonObject again = chat.next();
      assertEquals("ack", again.getString("type"));
      assertEquals(id, again.getString("id"));
      assertEquals(first.getString("eventId"), again.getString("eventId"), "the same event");
      assertNull(chat.poll(500), "a resent id must not be processed again");
    }
    assertEquals(
        1L,
        chorus
            .port(InteractionLog.class)
            .count("resend", Interaction.Kind.EVENT)
            .await(10, TimeUnit.SECONDS));
    assertEquals(
        1L,
        chorus
            .port(InteractionLog.class)
            .count("resend", Interaction.Kind.REPLY)
            .await(10, TimeUnit.SECONDS));
  }

  @Test
  void badInputGetsAnErrorFrameAndTheConnectionStaysUsable() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      assertError(chat, "{not json", "invalid_json");
      assertError(chat, "[1,2]", "invalid_json");
      assertError(
          chat, ChatClient.message("e2e", "eve", "hi").put("type", null).encode(), "missing_field");
      assertError(
          chat,
          ChatClient.message("e2e", "eve", "hi").put("type", "stream.raid").encode(),
          "unknown_type");
      assertError(
          chat,
          ChatClient.message("e2e", "eve", "hi").put("type", "made.up").encode(),
          "unknown_type");
      JsonObject noText = ChatClient.message("e2e", "eve", "hi");
      noText.remove("text");
      assertError(chat, noText.encode(), "missing_field");
      JsonObject noUser = ChatClient.message("e2e", "eve", "hi");
      noUser.remove("user");
      assertError(chat, noUser.encode(), "missing_field");
      assertError(
          chat, ChatClient.message("e2e", "eve", "x".repeat(501)).encode(), "text_too_long");
      assertError(
          chat,
          ChatClient.message("e2e", "eve", "hi").put("id", "not-a-uuid").encode(),
          "invalid_field");
      assertError(
          chat,
          ChatClient.message("e2e", "eve", "hi").put("pad", "y".repeat(70_000)).encode(),
          "frame_too_large");
      // still usable after every error
      assertFalse(chat.isClosed());
      chat.send(ChatClient.message("e2e", "eve", "!ping"));
      assertEquals("ack", chat.next().getString("type"));
      assertEquals("pong", chat.next().getString("text"));
    }
  }

  @Test
  void aMessageOfExactlyTheLimitIsAccepted() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("e2e", "frank", "é".repeat(500)));
      assertEquals("ack", chat.next().getString("type"));
    }
  }

  @Test
  void aForeignOriginIsRefused() throws Exception {
    Exception refused = null;
    try (ChatClient ignored =
        ChatClient.connect(client, chorus.httpPort(), "http://evil.example")) {
      // connected: wrong
    } catch (Exception e) {
      refused = e;
    }
    assertNotNull(refused, "a browser page from another origin must not open /ws/chat");
  }

  @Test
  void metricsExposeTheNamedSeries() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("metrics", "gina", "!ping"));
      chat.next("reply");
    }
    String scrape = get("/metrics", null).bodyAsString();
    for (String series :
        List.of(
            "chorus_events_accepted_total{platform=\"web\",type=\"chat.message\"}",
            "chorus_stage_latency_seconds_bucket{outcome=\"ok\",stage=\"identity\"",
            "chorus_stage_latency_seconds_count{outcome=\"skipped\",stage=\"ai\"}",
            "chorus_events_in_flight",
            "chorus_log_batch_size_count",
            "chorus_log_lag_seconds_bucket",
            "chorus_log_queue",
            "chorus_dead_letters_total{reason=\"timeout\"}",
            "jvm_memory_used_bytes",
            "vertx_http_server_active_connections")) {
      assertTrue(scrape.contains(series), "missing " + series);
    }
  }

  @Test
  void readinessReportsTheStore() throws Exception {
    HttpResponse<Buffer> ready = get("/health/ready", null);
    assertEquals(200, ready.statusCode());
    JsonObject body = ready.bodyAsJsonObject();
    assertEquals("UP", body.getString("status"));
    assertEquals("h2", body.getJsonArray("checks").getJsonObject(0).getString("name"));
    assertEquals("UP", body.getJsonArray("checks").getJsonObject(0).getString("status"));
    assertEquals(200, get("/health/live", null).statusCode());
  }

  @Test
  void theAdminApiReadsTheLogBackAndRequiresTheKey() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("admin", "hank", "!ping"));
      chat.next("reply");
    }
    assertEquals(401, get("/api/v1/communities/admin/interactions", null).statusCode());
    assertEquals(
        401, get("/api/v1/communities/admin/interactions", "wrong-key-wrong-key").statusCode());
    assertEquals(
        400,
        get("/api/v1/communities/admin/interactions?limit=0", TestChorus.ADMIN_KEY).statusCode());
    // The reply row is written after the reply is sent: wait for it.
    JsonObject body = null;
    for (int i = 0; i < 50; i++) {
      body =
          get("/api/v1/communities/admin/interactions?limit=10", TestChorus.ADMIN_KEY)
              .bodyAsJsonObject();
      if (body.getJsonArray("items").size() == 2) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals(2, body.getJsonArray("items").size(), body.encode());
    Set<String> kinds = new HashSet<>();
    body.getJsonArray("items").forEach(item -> kinds.add(((JsonObject) item).getString("kind")));
    assertEquals(Set.of("event", "reply"), kinds);
    assertEquals(200, get("/api/v1/openapi.yaml", TestChorus.ADMIN_KEY).statusCode());

    // A page at a time: a full page says where the next one starts; the last says nothing.
    JsonObject first =
        get("/api/v1/communities/admin/interactions?limit=1", TestChorus.ADMIN_KEY)
            .bodyAsJsonObject();
    String next = first.getString("next");
    assertNotNull(next, first.encode());
    JsonObject second =
        get("/api/v1/communities/admin/interactions?limit=1&before=" + next, TestChorus.ADMIN_KEY)
            .bodyAsJsonObject();
    assertEquals(
        body.getJsonArray("items").getJsonObject(1).getString("id"),
        second.getJsonArray("items").getJsonObject(0).getString("id"));
    String last = second.getString("next");
    JsonObject after =
        get("/api/v1/communities/admin/interactions?limit=1&before=" + last, TestChorus.ADMIN_KEY)
            .bodyAsJsonObject();
    assertEquals(0, after.getJsonArray("items").size(), after.encode());
    assertNull(after.getString("next"));
    var forged =
        get("/api/v1/communities/admin/interactions?before=bm90LWEtY3Vyc29y", TestChorus.ADMIN_KEY);
    assertEquals(400, forged.statusCode());
    assertEquals("invalid_cursor", forged.bodyAsJsonObject().getString("error"));
  }

  private static void assertError(ChatClient chat, String frame, String code)
      throws InterruptedException {
    chat.sendText(frame);
    JsonObject error = chat.next();
    assertEquals("error", error.getString("type"), error.encode());
    assertEquals(code, error.getString("code"), error.encode());
    assertNotNull(error.getString("message"));
  }

  static HttpResponse<Buffer> get(String path, String key) throws Exception {
    WebClient web = WebClient.create(client);
    try {
      var request = web.request(HttpMethod.GET, chorus.httpPort(), "127.0.0.1", path);
      if (key != null) {
        request.bearerTokenAuthentication(key);
      }
      return request.send().await(10, TimeUnit.SECONDS);
    } finally {
      web.close();
    }
  }
}
