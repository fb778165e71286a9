package dev.chorus.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access model on a whole process: who may make and revoke which key, keys shown once,
 * revocation at once, and the dashboard's session sign-in with its cookie, CSRF token and the
 * per-address limit on failed sign-ins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessEndToEndTest {

  @TempDir static Path dataDir;
  private Chorus chorus;
  private Vertx client;
  private WebClient web;

  @BeforeAll
  void start() throws Exception {
    chorus = TestChorus.start(dataDir);
    client = Vertx.vertx();
    web = WebClient.create(client);
  }

  @AfterAll
  void stop() throws Exception {
    chorus.stop().await(30, TimeUnit.SECONDS);
    web.close();
    client.close().await();
  }

  private HttpResponse<Buffer> call(
      WebClient with, HttpMethod method, String uri, Map<String, String> headers, JsonObject body)
      throws Exception {
    var request = with.request(method, chorus.httpPort(), "127.0.0.1", uri);
    headers.forEach(request::putHeader);
    if (body == null) {
      return request.send().await(20, TimeUnit.SECONDS);
    }
    return request
        .putHeader("Content-Type", "application/json")
        .sendBuffer(body.toBuffer())
        .await(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> call(HttpMethod method, String uri, String key, JsonObject body)
      throws Exception {
    return call(
        web, method, uri, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key), body);
  }

  private JsonObject make(String by, String scope, String community) throws Exception {
    JsonObject body = new JsonObject().put("scope", scope).put("label", "t");
    if (community != null) {
      body.put("community", community);
    }
    var made = call(HttpMethod.POST, "/api/v1/keys", by, body);
    assertEquals(201, made.statusCode(), made.bodyAsString());
    return made.bodyAsJsonObject();
  }

  private int status(String by, String scope, String community) throws Exception {
    JsonObject body = new JsonObject().put("scope", scope);
    if (community != null) {
      body.put("community", community);
    }
    return call(HttpMethod.POST, "/api/v1/keys", by, body).statusCode();
  }

  @Test
  void anOwnerMakesModeratorAndReadKeysOfItsOwnCommunityOnly() throws Exception {
    String owner = make(TestChorus.ADMIN_KEY, "owner", "api").getString("key");
    assertEquals(201, status(owner, "moderator", "api"));
    assertEquals(201, status(owner, "read", "api"));
    assertEquals(403, status(owner, "owner", "api"));
    assertEquals(403, status(owner, "admin", null));
    assertEquals(403, status(owner, "read", "demo"));
    String moderator = make(owner, "moderator", "api").getString("key");
    assertEquals(403, status(moderator, "read", "api"), "a moderator makes no keys");
    // An admin key made through the API is an admin like the configured one.
    String admin = make(TestChorus.ADMIN_KEY, "admin", null).getString("key");
    assertEquals(201, status(admin, "owner", "demo"));
    assertEquals(
        400, status(TestChorus.ADMIN_KEY, "owner", null), "an owner key needs a community");
  }

  @Test
  void aKeyIsShownOnceAndListedWithoutItsSecret() throws Exception {
    String owner = make(TestChorus.ADMIN_KEY, "owner", "kit").getString("key");
    JsonObject read = make(owner, "read", "kit");
    String secret = read.getString("key");
    assertTrue(secret.startsWith(ApiKeys.PREFIX));
    var listed = call(HttpMethod.GET, "/api/v1/keys", owner, null);
    assertEquals(200, listed.statusCode(), listed.bodyAsString());
    assertFalse(listed.bodyAsString().contains(secret), "no secret in the list");
    assertFalse(listed.bodyAsString().contains(ApiKeys.hash(secret)), "no hash in the list");
    assertTrue(listed.bodyAsString().contains(read.getString("id")));
    listed
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(k -> assertEquals("kit", ((JsonObject) k).getString("community")));
    assertEquals(
        403, call(HttpMethod.GET, "/api/v1/keys?community=demo", owner, null).statusCode());
  }

  @Test
  void aRevokedKeyIsRefusedAtOnce() throws Exception {
    String owner = make(TestChorus.ADMIN_KEY, "owner", "smoke").getString("key");
    JsonObject moderator = make(owner, "moderator", "smoke");
    String commands = "/api/v1/communities/smoke/commands";
    assertEquals(
        200, call(HttpMethod.GET, commands, moderator.getString("key"), null).statusCode());
    var revoked = call(HttpMethod.DELETE, "/api/v1/keys/" + moderator.getString("id"), owner, null);
    assertEquals(204, revoked.statusCode(), revoked.bodyAsString());
    var refused = call(HttpMethod.GET, commands, moderator.getString("key"), null);
    assertEquals(401, refused.statusCode(), refused.bodyAsString());
    // An owner cannot revoke another community's keys (they do not exist for it) nor an owner key.
    JsonObject elsewhere = make(TestChorus.ADMIN_KEY, "read", "demo");
    assertEquals(
        404,
        call(HttpMethod.DELETE, "/api/v1/keys/" + elsewhere.getString("id"), owner, null)
            .statusCode());
    JsonObject otherOwner = make(TestChorus.ADMIN_KEY, "owner", "smoke");
    assertEquals(
        403,
        call(HttpMethod.DELETE, "/api/v1/keys/" + otherOwner.getString("id"), owner, null)
            .statusCode());
    assertEquals(
        200, call(HttpMethod.GET, commands, otherOwner.getString("key"), null).statusCode());
  }

  /** Signs in with {@code key}: the session cookie's value and the CSRF token. */
  private String[] signIn(String key) throws Exception {
    var signedIn = call(HttpMethod.POST, "/api/v1/session", null, new JsonObject().put("key", key));
    assertEquals(201, signedIn.statusCode(), signedIn.bodyAsString());
    String cookie = signedIn.getHeader("Set-Cookie");
    assertNotNull(cookie);
    String value = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    return new String[] {value, signedIn.bodyAsJsonObject().getString("csrfToken"), cookie};
  }

  @Test
  void theDashboardSessionIsAnHttpOnlyStrictCookie() throws Exception {
    String key = make(TestChorus.ADMIN_KEY, "read", "bdash").getString("key");
    String[] session = signIn(key);
    String cookie = session[2];
    assertTrue(cookie.startsWith(Sessions.COOKIE + "="), cookie);
    assertTrue(cookie.toLowerCase().contains("; httponly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertTrue(cookie.contains("Path=/"), cookie);
    assertFalse(cookie.toLowerCase().contains("secure"), "plain HTTP: no Secure flag: " + cookie);
    assertFalse(session[0].contains(key));
    var me =
        call(
            web,
            HttpMethod.GET,
            "/api/v1/session",
            Map.of("Cookie", Sessions.COOKIE + "=" + session[0]),
            null);
    assertEquals(200, me.statusCode(), me.bodyAsString());
    assertEquals("read", me.bodyAsJsonObject().getString("scope"));
    assertEquals("bdash", me.bodyAsJsonObject().getString("community"));
    assertEquals(session[1], me.bodyAsJsonObject().getString("csrfToken"));
    // The session has the key's scope: a read session cannot write, CSRF token or not.
    var write =
        call(
            web,
            HttpMethod.PUT,
            "/api/v1/communities/bdash/commands/hello",
            Map.of("Cookie", Sessions.COOKIE + "=" + session[0], Sessions.CSRF_HEADER, session[1]),
            new JsonObject().put("response", "hi"));
    assertEquals(403, write.statusCode(), write.bodyAsString());
    assertEquals("forbidden", write.bodyAsJsonObject().getString("error"));
  }

  @Test
  void stateChangingRequestsOfASessionNeedItsCsrfToken() throws Exception {
    String key = make(TestChorus.ADMIN_KEY, "moderator", "bdash").getString("key");
    String[] session = signIn(key);
    String[] other = signIn(key);
    String cookie = Sessions.COOKIE + "=" + session[0];
    String uri = "/api/v1/communities/bdash/commands/csrf";
    JsonObject body = new JsonObject().put("response", "guarded");
    var without = call(web, HttpMethod.PUT, uri, Map.of("Cookie", cookie), body);
    assertEquals(403, without.statusCode(), without.bodyAsString());
    assertEquals("csrf_required", without.bodyAsJsonObject().getString("error"));
    var wrong =
        call(
            web,
            HttpMethod.PUT,
            uri,
            Map.of("Cookie", cookie, Sessions.CSRF_HEADER, other[1]),
            body);
    assertEquals(403, wrong.statusCode(), "another session's token is not this one's");
    assertEquals(
        404, call(HttpMethod.GET, uri, TestChorus.ADMIN_KEY, null).statusCode(), "nothing written");
    var with =
        call(
            web,
            HttpMethod.PUT,
            uri,
            Map.of("Cookie", cookie, Sessions.CSRF_HEADER, session[1]),
            body);
    assertTrue(with.statusCode() == 200 || with.statusCode() == 201, with.bodyAsString());
    // Reads need no token.
    assertEquals(200, call(web, HttpMethod.GET, uri, Map.of("Cookie", cookie), null).statusCode());
    // Signing out ends the session at once.
    var out = call(web, HttpMethod.DELETE, "/api/v1/session", Map.of("Cookie", cookie), null);
    assertEquals(204, out.statusCode());
    assertEquals(401, call(web, HttpMethod.GET, uri, Map.of("Cookie", cookie), null).statusCode());
  }

  @Test
  void aSessionEndsWithItsKey() throws Exception {
    JsonObject key = make(TestChorus.ADMIN_KEY, "read", "bdash");
    String[] session = signIn(key.getString("key"));
    String cookie = Sessions.COOKIE + "=" + session[0];
    assertEquals(
        200,
        call(web, HttpMethod.GET, "/api/v1/session", Map.of("Cookie", cookie), null).statusCode());
    assertEquals(
        204,
        call(HttpMethod.DELETE, "/api/v1/keys/" + key.getString("id"), TestChorus.ADMIN_KEY, null)
            .statusCode());
    assertEquals(
        401,
        call(web, HttpMethod.GET, "/api/v1/session", Map.of("Cookie", cookie), null).statusCode());
  }

  @Test
  void failedSignInsAreLimitedPerClientAddress() throws Exception {
    // From a loopback address of its own, so the other tests' sign-ins are not limited.
    WebClient hostile =
        WebClient.create(client, new WebClientOptions().setLocalAddress("127.0.0.2"));
    try {
      JsonObject wrong = new JsonObject().put("key", ApiKeys.PREFIX + "guess");
      for (int i = 0; i < SessionApi.MAX_FAILURES; i++) {
        var refused = call(hostile, HttpMethod.POST, "/api/v1/session", Map.of(), wrong);
        assertEquals(401, refused.statusCode(), "attempt " + i + ": " + refused.bodyAsString());
      }
      var limited = call(hostile, HttpMethod.POST, "/api/v1/session", Map.of(), wrong);
      assertEquals(429, limited.statusCode(), limited.bodyAsString());
      assertEquals("too_many_attempts", limited.bodyAsJsonObject().getString("error"));
      assertEquals(String.valueOf(SessionApi.WINDOW.toSeconds()), limited.getHeader("Retry-After"));
      // While limited, even a good key does not sign in from there: guessing gains nothing.
      var good =
          call(
              hostile,
              HttpMethod.POST,
              "/api/v1/session",
              Map.of(),
              new JsonObject().put("key", TestChorus.ADMIN_KEY));
      assertEquals(429, good.statusCode());
      // Another address is not limited.
      signIn(TestChorus.ADMIN_KEY);
    } finally {
      hostile.close();
    }
  }

  @Test
  void hostileCredentialsAreRefusedWithTheUsualError() throws Exception {
    String uri = "/api/v1/communities/demo/commands";
    for (Map<String, String> headers :
        java.util.List.of(
            Map.of("Authorization", "Bearer " + "k".repeat(1000)),
            Map.of("Authorization", "Bearer "),
            Map.of("Authorization", "Basic " + TestChorus.ADMIN_KEY),
            Map.of("Cookie", Sessions.COOKIE + "=" + "x".repeat(2000)),
            Map.of("Cookie", Sessions.COOKIE + "=forged"),
            Map.of("Cookie", Sessions.COOKIE + "="))) {
      var got = call(web, HttpMethod.GET, uri, headers, null);
      assertEquals(401, got.statusCode(), got.bodyAsString());
      assertEquals("unauthorized", got.bodyAsJsonObject().getString("error"));
      assertNotNull(got.getHeader("WWW-Authenticate"));
    }
    // A key of one scope never reads as another: the scope is the stored one, not a claim.
    var forged =
        call(
            HttpMethod.POST,
            "/api/v1/session",
            null,
            new JsonObject().put("key", TestChorus.ADMIN_KEY).put("scope", "read"));
    assertEquals(201, forged.statusCode(), forged.bodyAsString());
    assertEquals("admin", forged.bodyAsJsonObject().getString("scope"));
    var garbage =
        call(
            web,
            HttpMethod.POST,
            "/api/v1/session",
            Map.of("Content-Type", "application/json"),
            null);
    assertEquals(400, garbage.statusCode(), garbage.bodyAsString());
  }
}
