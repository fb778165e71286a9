package dev.chorus.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands through a whole Chorus process: defined with the admin API, used from {@code /ws/chat}
 * (where a user is a viewer), and the API's answers to careless and hostile clients.
 */
class CommandEndToEndTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir);
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

  static HttpResponse<Buffer> call(HttpMethod method, String path, String body) throws Exception {
    var request =
        http.request(method, chorus.httpPort(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TestChorus.ADMIN_KEY);
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)))
        .await(10, TimeUnit.SECONDS);
  }

  static String base(String community) {
    return "/api/v1/communities/" + community + "/";
  }

  static String say(ChatClient chat, String community, String user, String text) throws Exception {
    chat.send(ChatClient.message(community, user, text));
    chat.next("ack");
    JsonObject reply = chat.poll(1500);
    return reply == null ? null : reply.getString("text");
  }

  @Test
  void aViewerIsDeniedAModeratorCommandOnce() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals(
          "@ann, !addcom is for moderators and up.", say(chat, "deny", "ann", "!addcom !x y"));
      assertNull(say(chat, "deny", "ann", "!addcom !x y"));
      assertEquals("pong", say(chat, "deny", "ann", "!ping"));
    }
  }

  /**
   * A moderator signed in with a token from the admin API (decision 037) runs a moderator-only
   * command over {@code /ws/chat}; the same command from an anonymous connection, even under the
   * moderator's name, is refused.
   */
  @Test
  void aSignedInModeratorRunsAModeratorCommandAnAnonymousUserCannot() throws Exception {
    String c = "deny";
    HttpResponse<Buffer> issued =
        call(
            HttpMethod.POST,
            base(c) + "tokens",
            new JsonObject()
                .put("name", "Mona")
                .put("level", "moderator")
                .put("label", "test")
                .encode());
    assertEquals(201, issued.statusCode(), issued.bodyAsString());
    String token = issued.bodyAsJsonObject().getString("token");
    try (ChatClient mod =
            ChatClient.connect(
                client, chorus.httpPort(), null, "/ws/chat?community=" + c + "&token=" + token);
        ChatClient anon = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals(
          "@Mona (guest), !delcom is for moderators and up.",
          say(anon, c, "Mona", "!delcom !welcome"),
          "a typed name is not a sign-in");
      assertEquals("Added !welcome.", say(mod, c, "anything", "!addcom !welcome Welcome ${user}!"));
      assertEquals("Welcome ann!", say(anon, c, "ann", "!welcome"));
      assertEquals(
          "@ann, !editcom is for moderators and up.", say(anon, c, "ann", "!editcom !welcome x"));
      assertTrue(say(mod, c, "anything", "!delcom !welcome").startsWith("Deleted"));
      assertNull(say(anon, c, "ann", "!welcome"), "gone");
    }
  }

  @Test
  void commandsDefinedThroughTheApiAnswerInChat() throws Exception {
    String c = "api";
    HttpResponse<Buffer> put =
        call(
            HttpMethod.PUT,
            base(c) + "commands/hi",
            "{\"response\":\"Hello ${user}, ${count}!\",\"description\":\"greets\","
                + "\"globalCooldown\":0,\"personCooldown\":3600}");
    assertEquals(200, put.statusCode(), put.bodyAsString());
    assertEquals("greets", put.bodyAsJsonObject().getString("description"));
    assertEquals(3600, put.bodyAsJsonObject().getInteger("personCooldown"));
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals("Hello ann, 1!", say(chat, c, "ann", "!hi"));
      String hit = say(chat, c, "ann", "!hi");
      assertTrue(hit.startsWith("@ann, you can use !hi again in "), hit);
      assertNull(say(chat, c, "ann", "!hi"));
      assertEquals("Hello bob, 2!", say(chat, c, "bob", "!hi"));
    }
    JsonArray items =
        call(HttpMethod.GET, base(c) + "commands", null).bodyAsJsonObject().getJsonArray("items");
    assertEquals("hi", items.getJsonObject(0).getString("name"));
    assertEquals(204, call(HttpMethod.DELETE, base(c) + "commands/hi", null).statusCode());
    assertEquals(404, call(HttpMethod.DELETE, base(c) + "commands/hi", null).statusCode());
    assertEquals(404, call(HttpMethod.GET, base(c) + "commands/hi", null).statusCode());
  }

  @Test
  void shadowModeSendsNothingAndTheLogShowsTheWouldBeReply() throws Exception {
    String c = "shadow";
    assertEquals(
        200,
        call(
                HttpMethod.PUT,
                base(c) + "commands/beta",
                "{\"response\":\"beta says hi\",\"shadow\":true}")
            .statusCode());
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      assertNull(say(chat, c, "ann", "!beta"));
    }
    List<Interaction> rows = awaitRows(c, r -> CommandModule.SHADOW_PLATFORM.equals(r.platform()));
    assertEquals("beta says hi", rows.get(0).text());
    assertEquals(Interaction.Kind.REPLY, rows.get(0).kind());
    JsonArray listed =
        call(HttpMethod.GET, base(c) + "interactions", null)
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertTrue(listed.encode().contains("\"platform\":\"shadow\""), listed.encode());
  }

  static List<Interaction> awaitRows(String community, java.util.function.Predicate<Interaction> p)
      throws Exception {
    for (int i = 0; i < 50; i++) {
      List<Interaction> rows =
          chorus
              .port(InteractionLog.class)
              .latest(community, null, 100)
              .await(10, TimeUnit.SECONDS);
      List<Interaction> matching = rows.stream().filter(p).toList();
      if (!matching.isEmpty()) {
        return matching;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no matching interaction row");
  }

  @Test
  void aliasesCountersQuotesAndTimersThroughTheApi() throws Exception {
    String c = "content";
    assertEquals(
        200,
        call(HttpMethod.PUT, base(c) + "aliases/hey", "{\"target\":\"!say Hey ${user}\"}")
            .statusCode());
    HttpResponse<Buffer> loop =
        call(HttpMethod.PUT, base(c) + "aliases/say2", "{\"target\":\"say2\"}");
    assertEquals(400, loop.statusCode());
    assertEquals("alias loop refused: !say2 → !say2", loop.bodyAsJsonObject().getString("message"));
    assertEquals(
        409, call(HttpMethod.PUT, base(c) + "aliases/ping", "{\"target\":\"say x\"}").statusCode());
    assertEquals(
        5,
        call(HttpMethod.POST, base(c) + "counters/deaths/increment", "{\"delta\":5}")
            .bodyAsJsonObject()
            .getInteger("value"));
    assertEquals(
        201,
        call(HttpMethod.POST, base(c) + "quotes", "{\"text\":\"to be\",\"addedBy\":\"ann\"}")
            .statusCode());
    assertEquals(
        "to be",
        call(HttpMethod.GET, base(c) + "quotes/1", null).bodyAsJsonObject().getString("text"));
    assertEquals(
        200,
        call(
                HttpMethod.PUT,
                base(c) + "timers/socials",
                "{\"message\":\"Follow us!\",\"intervalSeconds\":3600,\"minLines\":2}")
            .statusCode());
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals("Hey ann", say(chat, c, "ann", "!hey"));
      assertEquals("Follow us!", say(chat, c, "ann", "hello"), "second line: the timer is due");
      assertEquals("deaths: 5", say(chat, c, "ann", "!count deaths"));
      assertEquals("Quote #1: to be (ann)", say(chat, c, "ann", "!quote 1"));
      assertNull(say(chat, c, "ann", "!nothing-here"), "unknown commands stay silent");
    }
  }

  @Test
  void carelessAndHostileClientsGetClearErrors() throws Exception {
    String c = base("bad");
    assertEquals(400, call(HttpMethod.PUT, c + "commands/x", "not json").statusCode());
    assertEquals(400, call(HttpMethod.PUT, c + "commands/x", "[1,2]").statusCode());
    assertEquals(400, call(HttpMethod.PUT, c + "commands/x", "{}").statusCode());
    HttpResponse<Buffer> badName =
        call(HttpMethod.PUT, c + "commands/has%20space", "{\"response\":\"x\"}");
    assertEquals(400, badName.statusCode());
    assertEquals("invalid_definition", badName.bodyAsJsonObject().getString("error"));
    assertEquals(
        400, call(HttpMethod.PUT, c + "commands/x", "{\"response\":\"${nope}\"}").statusCode());
    assertEquals(
        400,
        call(HttpMethod.PUT, c + "commands/x", "{\"response\":\"x\",\"globalCooldown\":-1}")
            .statusCode());
    assertEquals(
        400,
        call(HttpMethod.PUT, c + "commands/x", "{\"response\":\"x\",\"permission\":\"god\"}")
            .statusCode());
    assertEquals(
        400,
        call(HttpMethod.PUT, c + "commands/x", "{\"response\":\"x\",\"mode\":\"loud\"}")
            .statusCode());
    assertEquals(400, call(HttpMethod.PUT, c + "commands/x", "{\"response\":5}").statusCode());
    // Over the document's maxLength: refused by the API contract before the handler runs.
    assertEquals(
        400,
        call(HttpMethod.PUT, c + "commands/x", "{\"response\":\"" + "a".repeat(20_000) + "\"}")
            .statusCode());
    assertEquals(
        413,
        call(HttpMethod.PUT, c + "commands/x", "{\"response\":\"" + "a".repeat(2_000_000) + "\"}")
            .statusCode());
    assertEquals(400, call(HttpMethod.GET, c + "quotes/abc", null).statusCode());
    assertEquals(400, call(HttpMethod.GET, c + "quotes?limit=0", null).statusCode());
    assertEquals(400, call(HttpMethod.PUT, c + "timers/t", "{\"message\":\"m\"}").statusCode());
    assertEquals(
        400, call(HttpMethod.POST, c + "counters/x/increment", "{\"delta\":\"1\"}").statusCode());
    HttpResponse<Buffer> anonymous =
        http.get(chorus.httpPort(), "127.0.0.1", c + "commands").send().await(10, TimeUnit.SECONDS);
    assertEquals(401, anonymous.statusCode());
  }
}
