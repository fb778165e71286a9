package dev.chorus.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The communities admin API and the refusal of unknown communities on {@code /ws/chat}. */
class CommunitiesApiTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;
  static AdminClient admin;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir, Map.of("community.seed", "demo"));
    client = Vertx.vertx();
    admin = new AdminClient(client, chorus.httpPort());
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (client != null) {
      client.close().await();
    }
    if (chorus != null) {
      chorus.stop().await();
    }
  }

  @Test
  void theDemoCommunityExistsOnFirstStartAndAnswersPing() throws Exception {
    JsonArray items =
        admin.expect(200, HttpMethod.GET, "/api/v1/communities", null).getJsonArray("items");
    assertTrue(items.stream().anyMatch(i -> "demo".equals(((JsonObject) i).getString("id"))));
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("demo", "alice", "!ping"));
      assertEquals("ack", chat.next().getString("type"));
      assertEquals("pong", chat.next("reply").getString("text"));
    }
  }

  @Test
  void anUnknownCommunityIsRefusedUntilCreatedAndAgainOnceDeleted() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("nope", "alice", "!ping"));
      JsonObject error = chat.next();
      assertEquals("error", error.getString("type"), error.encode());
      assertEquals("unknown_community", error.getString("code"));
      assertTrue(error.getString("message").contains("nope"));

      JsonObject created =
          admin.expect(
              201,
              HttpMethod.POST,
              "/api/v1/communities",
              new JsonObject().put("id", "nope").put("name", "Nope Stream"));
      assertEquals("Nope Stream", created.getString("name"));
      chat.send(ChatClient.message("nope", "alice", "!ping"));
      assertEquals("ack", chat.next().getString("type"));
      assertEquals("pong", chat.next("reply").getString("text"));

      admin.expect(204, HttpMethod.DELETE, "/api/v1/communities/nope", null);
      chat.send(ChatClient.message("nope", "alice", "!ping"));
      assertEquals("unknown_community", chat.next("error").getString("code"));
    }
  }

  @Test
  void createReadChangeAndDeleteWithChannelsAndSettings() {
    JsonObject body =
        new JsonObject()
            .put("id", "crud")
            .put("name", "Crud")
            .put(
                "channels",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("platform", "twitch")
                            .put("id", "1001")
                            .put("name", "#crud")))
            .put("settings", new JsonObject().put("prefix", "?"));
    JsonObject created = admin.expect(201, HttpMethod.POST, "/api/v1/communities", body);
    assertEquals("crud", created.getString("id"));
    assertEquals("?", created.getJsonObject("settings").getString("prefix"));
    assertEquals("1001", created.getJsonArray("channels").getJsonObject(0).getString("id"));

    assertEquals(
        "community_exists",
        admin.expect(409, HttpMethod.POST, "/api/v1/communities", body).getString("error"));

    JsonObject changed =
        admin.expect(
            200,
            HttpMethod.PATCH,
            "/api/v1/communities/crud",
            new JsonObject()
                .put("name", "Crud Stream")
                .put(
                    "settings",
                    new JsonObject().put("prefix", (String) null).put("persona", "kind")));
    assertEquals("Crud Stream", changed.getString("name"));
    assertEquals(new JsonObject().put("persona", "kind"), changed.getJsonObject("settings"));

    admin.expect(
        200,
        HttpMethod.PUT,
        "/api/v1/communities/crud/channels/discord/g-1",
        new JsonObject().put("name", "general"));
    assertEquals(
        2,
        admin
            .expect(200, HttpMethod.GET, "/api/v1/communities/crud", null)
            .getJsonArray("channels")
            .size());
    admin.expect(204, HttpMethod.DELETE, "/api/v1/communities/crud/channels/discord/g-1", null);
    admin.expect(404, HttpMethod.DELETE, "/api/v1/communities/crud/channels/discord/g-1", null);

    admin.expect(204, HttpMethod.DELETE, "/api/v1/communities/crud", null);
    assertEquals(
        "unknown_community",
        admin.expect(404, HttpMethod.GET, "/api/v1/communities/crud", null).getString("error"));
    admin.expect(404, HttpMethod.DELETE, "/api/v1/communities/crud", null);
  }

  @Test
  void aChannelBelongsToOneCommunityAndATakenOneUndoesTheCreation() {
    admin.expect(
        201,
        HttpMethod.POST,
        "/api/v1/communities",
        new JsonObject()
            .put("id", "holder")
            .put(
                "channels",
                new JsonArray().add(new JsonObject().put("platform", "twitch").put("id", "777"))));
    JsonObject taken =
        admin.expect(
            409,
            HttpMethod.POST,
            "/api/v1/communities",
            new JsonObject()
                .put("id", "thief")
                .put(
                    "channels",
                    new JsonArray()
                        .add(new JsonObject().put("platform", "twitch").put("id", "777"))));
    assertEquals("channel_taken", taken.getString("error"));
    admin.expect(404, HttpMethod.GET, "/api/v1/communities/thief", null);
    admin.expect(201, HttpMethod.POST, "/api/v1/communities", new JsonObject().put("id", "thief"));
    assertEquals(
        "channel_taken",
        admin
            .expect(409, HttpMethod.PUT, "/api/v1/communities/thief/channels/twitch/777", null)
            .getString("error"));
  }

  @Test
  void carelessAndHostileInputGetsClearErrors() {
    String base = "/api/v1/communities";
    // The OpenAPI document refuses what its schema describes (invalid_request, naming the field);
    // the handler refuses the rest (invalid_field).
    assertEquals(
        "invalid_request",
        admin.expect(400, HttpMethod.POST, base, "{not json").getString("error"));
    assertEquals(
        "invalid_request", admin.expect(400, HttpMethod.POST, base, "[1,2]").getString("error"));
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject(),
          new JsonObject().put("id", "UPPER"),
          new JsonObject().put("id", "x".repeat(65)),
          new JsonObject().put("id", 7),
          new JsonObject().put("id", "ok-1").put("name", "n".repeat(129)),
          new JsonObject().put("id", "ok-1").put("channels", "twitch"),
          new JsonObject()
              .put("id", "ok-1")
              .put(
                  "channels",
                  new JsonArray().add(new JsonObject().put("platform", "myspace").put("id", "1"))),
          new JsonObject().put("id", "ok-1").put("settings", new JsonObject().put("k", 5)),
          new JsonObject()
              .put("id", "ok-1")
              .put("settings", new JsonObject().put("k", "v".repeat(8001)))
        }) {
      assertEquals(
          "invalid_request",
          admin.expect(400, HttpMethod.POST, base, bad).getString("error"),
          bad.encode());
    }
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("id", "ok-1").put("name", "bell\u0007"),
          new JsonObject().put("id", "ok-1").put("settings", new JsonObject().put("bad key", "v"))
        }) {
      assertEquals(
          "invalid_field",
          admin.expect(400, HttpMethod.POST, base, bad).getString("error"),
          bad.encode());
    }
    admin.expect(404, HttpMethod.GET, base + "/ok-1", null);
    // A body the schema accepts but larger than the module's 64 KiB.
    JsonObject large = new JsonObject();
    for (int i = 0; i < 9; i++) {
      large.put("k" + i, "v".repeat(8000));
    }
    assertEquals(
        413,
        admin
            .call(
                HttpMethod.POST,
                base,
                new JsonObject().put("id", "ok-1").put("settings", large).encode())
            .statusCode());
    assertEquals(401, admin.call(HttpMethod.GET, base, null, null).statusCode());
    assertEquals(401, admin.call(HttpMethod.GET, base, null, "wrong-key").statusCode());
    assertEquals(
        "unknown_community",
        admin
            .expect(404, HttpMethod.PATCH, base + "/ghost", new JsonObject().put("name", "G"))
            .getString("error"));
  }

  @Test
  void invisibleAndMirroredNamesAreRefusedNamingTheFieldAndNamesAreStoredNfc() {
    String base = "/api/v1/communities";
    for (String name : new String[] {"\u200B\u200D\uFEFF", "\u00AD\u2060", "\u3164"}) {
      JsonObject refused =
          admin.expect(
              400, HttpMethod.POST, base, new JsonObject().put("id", "uni-1").put("name", name));
      assertEquals("invalid_field", refused.getString("error"));
      assertEquals("name must contain a visible character", refused.getString("message"));
    }
    JsonObject mirrored =
        admin.expect(
            400,
            HttpMethod.POST,
            base,
            new JsonObject()
                .put("id", "uni-1")
                .put(
                    "channels",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("platform", "web")
                                .put("id", "room")
                                .put("name", "\u202Emoor"))));
    assertEquals(
        "channel name must not contain bidirectional override or isolate characters",
        mirrored.getString("message"));
    admin.expect(404, HttpMethod.GET, base + "/uni-1", null);
    admin.expect(
        201, HttpMethod.POST, base, new JsonObject().put("id", "uni-1").put("name", "Cafe\u0301"));
    assertEquals(
        "Café", admin.expect(200, HttpMethod.GET, base + "/uni-1", null).getString("name"));
    admin.expect(
        400, HttpMethod.PATCH, base + "/uni-1", new JsonObject().put("name", "\u2066x\u2069"));
    admin.expect(204, HttpMethod.DELETE, base + "/uni-1", null);
  }
}
