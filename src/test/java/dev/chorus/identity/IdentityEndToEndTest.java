package dev.chorus.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People through {@code /ws/chat} on a whole process: sign-in tokens from the admin API, levels,
 * reserved names, linking two accounts with a code, pronouns and nicknames in replies.
 */
class IdentityEndToEndTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;
  static AdminClient admin;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir, Map.of("community.seed", "demo,other"));
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

  private static String token(String name, String level) {
    return admin
        .expect(
            201,
            HttpMethod.POST,
            "/api/v1/communities/demo/tokens",
            new JsonObject().put("name", name).put("level", level).put("label", "test"))
        .getString("token");
  }

  private static ChatClient signedIn(String token) throws Exception {
    return ChatClient.connect(
        client, chorus.httpPort(), null, "/ws/chat?community=demo&token=" + token);
  }

  /** Sends {@code text} as {@code user} and returns the reply text. */
  private static String say(ChatClient chat, String user, String text) throws Exception {
    chat.send(ChatClient.message("demo", user, text));
    JsonObject first = chat.next();
    assertEquals("ack", first.getString("type"), first.encode());
    return chat.next("reply").getString("text");
  }

  @Test
  void anAnonymousConnectionCannotActAsTheOwnerATokenSignedOneCan() throws Exception {
    String token = token("Streamer", "owner");
    try (ChatClient owner = signedIn(token);
        ChatClient anon = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals("Streamer, owner: web Streamer", say(owner, "whatever", "!identity"));
      JsonObject claim =
          ChatClient.message("demo", "x", "!identity")
              .put("user", new JsonObject().put("id", "streamer").put("name", "Streamer"));
      anon.send(claim);
      anon.next("ack");
      assertEquals(
          "Streamer (guest), viewer: web Streamer",
          anon.next("reply").getString("text"),
          "the name is taken, the level is not");
      anon.send(
          ChatClient.message("demo", "x", "hi")
              .put("user", new JsonObject().put("id", "signed:streamer").put("name", "S")));
      assertEquals("reserved_user", anon.next("error").getString("code"));
    }
    assertThrows(Exception.class, () -> signedIn("chorus_wt_forged"));
    assertThrows(
        Exception.class,
        () ->
            ChatClient.connect(
                client, chorus.httpPort(), null, "/ws/chat?community=other&token=" + token),
        "a token is for its own community");
  }

  @Test
  void aRevokedTokenNoLongerSignsIn() throws Exception {
    JsonObject issued =
        admin.expect(
            201,
            HttpMethod.POST,
            "/api/v1/communities/demo/tokens",
            new JsonObject().put("name", "Temp").put("level", "moderator"));
    try (ChatClient open = signedIn(issued.getString("token"));
        ChatClient anonymous =
            ChatClient.connect(client, chorus.httpPort(), null, "/ws/chat?community=demo")) {
      assertTrue(say(open, "u", "!identity").startsWith("Temp, moderator"));
      admin.expect(
          204,
          HttpMethod.DELETE,
          "/api/v1/communities/demo/tokens/" + issued.getString("id"),
          null);
      // The connection signed in with it is closed at once; others stay open.
      for (int i = 0; i < 500 && !open.isClosed(); i++) {
        Thread.sleep(10);
      }
      assertTrue(open.isClosed(), "the revoked token's connection is closed");
      assertEquals((short) 4001, open.closeStatus());
      assertFalse(anonymous.isClosed());
      assertTrue(say(anonymous, "u", "!ping").length() > 0);
    }
    assertThrows(Exception.class, () -> signedIn(issued.getString("token")));
    assertTrue(
        admin
            .expect(200, HttpMethod.GET, "/api/v1/communities/demo/tokens", null)
            .getJsonArray("items")
            .stream()
            .noneMatch(t -> ((JsonObject) t).containsKey("token")),
        "a token is shown once, at issue");
  }

  @Test
  void webChatTokensAreChatKeysOfTheAccessModel() throws Exception {
    JsonObject issued =
        admin.expect(
            201,
            HttpMethod.POST,
            "/api/v1/communities/demo/tokens",
            new JsonObject().put("name", "Keyed").put("level", "vip").put("label", "pc"));
    String token = issued.getString("token");
    assertTrue(token.startsWith("chk_"), token);
    // Listed by the keys API as a chat key with its name and level, never its secret.
    JsonObject listed =
        admin
            .expect(200, HttpMethod.GET, "/api/v1/keys?community=demo", null)
            .getJsonArray("items")
            .stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("id").equals(issued.getString("id")))
            .findFirst()
            .orElseThrow();
    assertEquals("chat", listed.getString("scope"));
    assertEquals("Keyed", listed.getString("name"));
    assertEquals("vip", listed.getString("level"));
    assertFalse(listed.containsKey("key"));
    // It opens no admin operation, not even a read of its own community, and no dashboard.
    var read = admin.call(HttpMethod.GET, "/api/v1/communities/demo/tokens", null, token);
    assertEquals(403, read.statusCode(), read.bodyAsString());
    var session =
        admin.call(HttpMethod.POST, "/api/v1/session", new JsonObject().put("key", token), null);
    assertEquals(403, session.statusCode(), session.bodyAsString());
    // An owner or read key of the community is no web-chat sign-in.
    JsonObject owner =
        admin.expect(
            201,
            HttpMethod.POST,
            "/api/v1/keys",
            new JsonObject().put("scope", "owner").put("community", "demo"));
    assertThrows(Exception.class, () -> signedIn(owner.getString("key")));
    // A chat key made through /api/v1/keys signs in; revoking it there closes its connection.
    JsonObject made =
        admin.expect(
            201,
            HttpMethod.POST,
            "/api/v1/keys",
            new JsonObject()
                .put("scope", "chat")
                .put("community", "demo")
                .put("name", "Made")
                .put("level", "moderator"));
    try (ChatClient viaKeys = signedIn(made.getString("key"));
        ChatClient viaTokens = signedIn(token)) {
      assertTrue(say(viaKeys, "u", "!identity").startsWith("Made, moderator"));
      assertTrue(say(viaTokens, "u", "!identity").startsWith("Keyed, vip"));
      admin.expect(204, HttpMethod.DELETE, "/api/v1/keys/" + made.getString("id"), null);
      for (int i = 0; i < 500 && !viaKeys.isClosed(); i++) {
        Thread.sleep(10);
      }
      assertEquals((short) 4001, viaKeys.closeStatus());
      assertFalse(viaTokens.isClosed());
    }
    assertThrows(Exception.class, () -> signedIn(made.getString("key")));
    // The token routes do not touch keys of other scopes.
    admin.expect(
        404, HttpMethod.DELETE, "/api/v1/communities/demo/tokens/" + owner.getString("id"), null);
  }

  @Test
  void aUserLinksASecondAccountWithTheCodeAndBothAreOnePerson() throws Exception {
    try (ChatClient main = signedIn(token("Robin", "viewer"));
        ChatClient alt = signedIn(token("RobinAlt", "viewer"))) {
      String ask = say(main, "u", "!identity link web RobinAlt");
      Matcher code = Pattern.compile("verify (\\d{6})").matcher(ask);
      assertTrue(code.find(), ask);
      assertEquals("Wrong code.", say(alt, "u", "!verify 12345x"));
      assertTrue(say(alt, "u", "!verify " + code.group(1)).startsWith("Linked"));
      assertTrue(say(alt, "u", "!verify " + code.group(1)).startsWith("No link is waiting"));
      // one person; its display name is the one it was last seen with
      assertEquals("RobinAlt, viewer: web Robin, web RobinAlt", say(alt, "u", "!identity"));

      assertEquals("RobinAlt's pronouns are now they/them.", say(alt, "u", "!pronouns they/them"));
      assertEquals("Hi Rob (they/them), that is your nickname now.", say(main, "u", "!nick Rob"));
      assertEquals("Rob (they/them), viewer: web Robin, web RobinAlt", say(alt, "u", "!identity"));
    }
    JsonObject person =
        admin.expect(
            200,
            HttpMethod.GET,
            "/api/v1/communities/demo/people?platform=web&userId=signed:robinalt",
            null);
    assertEquals(2, person.getJsonArray("accounts").size(), person.encode());
    assertEquals("Rob", person.getString("nickname"));
    assertTrue(
        person.getJsonArray("audit").stream()
            .anyMatch(a -> "merge".equals(((JsonObject) a).getString("action"))));
  }

  private static String personOf(String userId) {
    return admin
        .expect(
            200,
            HttpMethod.GET,
            "/api/v1/communities/demo/people?platform=web&userId=" + userId,
            null)
        .getString("id");
  }

  /** Who proposed the pending fact whose text contains {@code text}, null when none does. */
  private static String proposerOf(String text) {
    return admin
        .expect(
            200, HttpMethod.GET, "/api/v1/communities/demo/knowledge/facts?status=pending", null)
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .filter(f -> f.getString("text").contains(text))
        .map(f -> f.getJsonObject("provenance").getString("proposedBy"))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aMergeCarriesTheMergedPersonsFactsToTheSurvivor() throws Exception {
    try (ChatClient main = signedIn(token("Kim", "viewer"));
        ChatClient alt = signedIn(token("KimAlt", "viewer"))) {
      String thanks = say(alt, "u", "!remember Kim streams on fridays at nine");
      assertTrue(thanks.startsWith("Thanks!"), thanks);
      assertEquals("Kim, viewer: web Kim", say(main, "u", "!identity"));
      String altPerson = personOf("signed:kimalt");
      String mainPerson = personOf("signed:kim");
      assertEquals(altPerson, proposerOf("fridays at nine"));

      Matcher code =
          Pattern.compile("verify (\\d{6})").matcher(say(main, "u", "!identity link web KimAlt"));
      assertTrue(code.find());
      assertTrue(say(alt, "u", "!verify " + code.group(1)).startsWith("Linked"));
      assertEquals(mainPerson, personOf("signed:kimalt"));
      // The knowledge role follows the merge event on its own: wait for it, boundedly.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (!mainPerson.equals(proposerOf("fridays at nine")) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(mainPerson, proposerOf("fridays at nine"), "the fact follows its proposer");
      assertEquals(
          mainPerson,
          admin
              .expect(200, HttpMethod.GET, "/api/v1/communities/demo/people/" + altPerson, null)
              .getString("id"),
          "the merged id still answers, as the survivor");
    }
  }

  @Test
  void aCommunityAddsPronounSetsAndMapsRolesThroughTheApi() throws Exception {
    String base = "/api/v1/communities/other/";
    assertEquals(
        0,
        admin.expect(200, HttpMethod.GET, base + "pronouns", null).getJsonArray("custom").size());
    JsonObject set =
        admin.expect(
            200,
            HttpMethod.PUT,
            base + "pronouns",
            new JsonObject()
                .put("custom", new io.vertx.core.json.JsonArray().add("Ey / Em").add("she/her")));
    assertEquals(
        "[\"ey/em\"]", set.getJsonArray("custom").encode(), "normalized, built-ins dropped");
    assertEquals(set, admin.expect(200, HttpMethod.GET, base + "pronouns", null));
    for (Object bad :
        new Object[] {
          new io.vertx.core.json.JsonArray().add("<script>"),
          new io.vertx.core.json.JsonArray().add("a/" + "b".repeat(40)),
          new io.vertx.core.json.JsonArray().add(7),
          "ey/em"
        }) {
      assertEquals(
          400,
          admin
              .call(HttpMethod.PUT, base + "pronouns", new JsonObject().put("custom", bad))
              .statusCode(),
          String.valueOf(bad));
    }
    assertEquals(
        404,
        admin
            .call(
                HttpMethod.PUT,
                "/api/v1/communities/nope/pronouns",
                new JsonObject().put("custom", new io.vertx.core.json.JsonArray()))
            .statusCode());

    JsonObject roles =
        admin.expect(
            200,
            HttpMethod.PUT,
            base + "roles/discord",
            new JsonObject()
                .put("roles", new JsonObject().put("1200000000000000002", "moderator")));
    assertEquals("moderator", roles.getJsonObject("roles").getString("1200000000000000002"));
    assertEquals(roles, admin.expect(200, HttpMethod.GET, base + "roles/discord", null));
    assertEquals(
        400,
        admin
            .call(
                HttpMethod.PUT,
                base + "roles/discord",
                new JsonObject().put("roles", new JsonObject().put("Moderators", "moderator")))
            .statusCode(),
        "Discord roles are ids");
    assertEquals(
        400,
        admin
            .call(
                HttpMethod.PUT,
                base + "roles/slack",
                new JsonObject().put("roles", new JsonObject().put("admin", "king")))
            .statusCode());
    assertEquals(
        "vip",
        admin
            .expect(
                200,
                HttpMethod.PUT,
                base + "roles/slack",
                new JsonObject().put("roles", new JsonObject().put("admin", "vip")))
            .getJsonObject("roles")
            .getString("admin"));
    assertTrue(admin.call(HttpMethod.GET, base + "roles/twitch", null).statusCode() >= 400);

    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("other", "pat", "!pronouns ey/em"));
      chat.next("ack");
      assertEquals("pat's pronouns are now ey/em.", chat.next("reply").getString("text"));
    }
  }

  @Test
  void thePeopleApiMergesUnlinksGrantsAndRefusesNonsense() throws Exception {
    String a;
    String b;
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      say(chat, "pa", "!identity");
      say(chat, "pb", "!identity");
    }
    a = lookup("pa").getString("id");
    b = lookup("pb").getString("id");
    String base = "/api/v1/communities/demo/people/";
    JsonObject merged =
        admin.expect(200, HttpMethod.POST, base + a + "/merge", new JsonObject().put("from", b));
    assertEquals(2, merged.getJsonArray("accounts").size());
    assertEquals(a, admin.expect(200, HttpMethod.GET, base + b, null).getString("id"));
    assertEquals(
        "moderator",
        admin
            .expect(
                200,
                HttpMethod.PUT,
                base + a + "/level",
                new JsonObject().put("level", "moderator"))
            .getString("level"));
    JsonObject split =
        admin.expect(
            200,
            HttpMethod.POST,
            base + "unlink",
            new JsonObject().put("platform", "web").put("userId", "pb"));
    assertEquals(1, split.getJsonArray("accounts").size());
    admin.expect(
        409,
        HttpMethod.POST,
        base + "unlink",
        new JsonObject().put("platform", "web").put("userId", "pb"));
    admin.expect(404, HttpMethod.GET, base + "nobody", null);
    admin.expect(400, HttpMethod.PUT, base + a + "/level", new JsonObject().put("level", "god"));
    admin.expect(400, HttpMethod.POST, base + a + "/merge", "nope");
    admin.expect(409, HttpMethod.POST, base + a + "/merge", new JsonObject().put("from", a));
    admin.expect(
        400,
        HttpMethod.POST,
        "/api/v1/communities/demo/tokens",
        new JsonObject().put("name", "a b"));
    admin.expect(
        404,
        HttpMethod.POST,
        "/api/v1/communities/ghost/tokens",
        new JsonObject().put("name", "x"));
  }

  private static JsonObject lookup(String user) {
    return admin.expect(
        200, HttpMethod.GET, "/api/v1/communities/demo/people?platform=web&userId=" + user, null);
  }

  @Test
  void aLookAlikeNameIsFlaggedToModeratorsAndAZeroWidthOneIsRefused() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(
          ChatClient.message("demo", "x", "!identity")
              .put("user", new JsonObject().put("id", "lk1").put("name", "Modbot")));
      chat.next("ack");
      chat.next("reply");
      // Cyrillic о (U+043E): not refused, the person is created, and flagged.
      chat.send(
          ChatClient.message("demo", "x", "!identity")
              .put("user", new JsonObject().put("id", "lk2").put("name", "M\u043Edbot")));
      chat.next("ack");
      assertTrue(chat.next("reply").getString("text").startsWith("M\u043Edbot"));
      chat.send(
          ChatClient.message("demo", "x", "hi")
              .put("user", new JsonObject().put("id", "lk3").put("name", "\u200B\u200D\u2060")));
      JsonObject error = chat.next("error");
      assertEquals("invalid_field", error.getString("code"));
      assertEquals("user.name must contain a visible character", error.getString("message"));
    }
    String original =
        admin
            .expect(
                200,
                HttpMethod.GET,
                "/api/v1/communities/demo/people?platform=web&userId=lk1",
                null)
            .getString("id");
    JsonObject copy =
        admin.expect(
            200, HttpMethod.GET, "/api/v1/communities/demo/people?platform=web&userId=lk2", null);
    JsonObject flag =
        copy.getJsonArray("audit").stream()
            .map(JsonObject.class::cast)
            .filter(a -> "lookalike".equals(a.getString("action")))
            .findFirst()
            .orElseThrow(() -> new AssertionError(copy.encode()));
    assertEquals(original, flag.getString("otherPersonId"), flag.encode());
    assertEquals("identity", flag.getString("actor"));
  }
}
