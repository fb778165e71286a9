package dev.chorus.moderation;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/communities/{c}/moderation/check} and the settings routes over real HTTP:
 * answers, and a clear JSON error for every careless or hostile body.
 */
class ModerationApiTest {

  private static ModerationStageFixture f;
  private static HttpServer server;
  private static WebClient http;

  @BeforeAll
  static void start() {
    f = new ModerationStageFixture();
    Router router = Router.router(f.vertx);
    await(new ModerationApi(f.communities, f.moderation, f.scorer).mount(f.vertx, router));
    server = await(f.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    http = WebClient.create(f.vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    f.close();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, String body) {
    var request = http.request(method, server.actualPort(), "127.0.0.1", path);
    return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private static JsonObject check(String body, int status) {
    HttpResponse<Buffer> r =
        call(
            HttpMethod.POST,
            "/api/v1/communities/" + ModerationStageFixture.COMMUNITY + "/moderation/check",
            body);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    return r.bodyAsJsonObject();
  }

  @Test
  void checkAnswersWhatTheSettingsWouldDo() {
    JsonObject link =
        check(
            "{\"text\":\"go to https://example.org\",\"user\":{\"id\":\"u1\",\"name\":\"ann\"}}",
            200);
    assertEquals("delete", link.getString("action"));
    assertEquals("links", link.getString("rule"));
    assertEquals(1.0, link.getDouble("score"));
    assertEquals(false, link.getBoolean("exempt"));
    JsonObject clean =
        check(
            "{\"text\":\"gg that was close\",\"user\":{\"id\":\"u1\",\"name\":\"ann\"},"
                + "\"platform\":\"twitch\"}",
            200);
    assertEquals("none", clean.getString("action"));
    assertEquals(null, clean.getValue("rule"));
    JsonObject mod =
        check(
            "{\"text\":\"https://example.org\",\"user\":{\"id\":\"m\",\"name\":\"mo\",\"level\":\"moderator\"}}",
            200);
    assertEquals("none", mod.getString("action"));
    assertEquals(true, mod.getBoolean("exempt"));
    JsonObject spam =
        check(
            "{\"text\":\"Hey, I'm a promoter, I can bring 50-100 live viewers to each stream for a"
                + " small fee\",\"user\":{\"id\":\"u9\"}}",
            200);
    assertEquals("spam_detector", spam.getString("rule"), spam.encode());
    assertTrue(
        spam.getDouble("score") >= ModerationSettings.defaults().detector().solicitingThreshold());
  }

  @Test
  void checkActsOnNothing() {
    String body = "{\"text\":\"anyone up for a match\",\"user\":{\"id\":\"rep\"}}";
    for (int i = 0; i < 5; i++) {
      assertEquals("none", check(body, 200).getString("action"), "no history is kept");
    }
    assertTrue(f.journaled.isEmpty(), "nothing is logged");
  }

  @Test
  void badBodiesGetClearErrors() {
    assertEquals("invalid_json", check("", 400).getString("error"));
    assertEquals("invalid_json", check("{nope", 400).getString("error"));
    assertEquals("invalid_json", check("[1,2]", 400).getString("error"));
    assertEquals("invalid_field", check("{\"user\":{\"id\":\"u\"}}", 400).getString("error"));
    assertEquals(
        "invalid_field", check("{\"text\":5,\"user\":{\"id\":\"u\"}}", 400).getString("error"));
    assertEquals("invalid_field", check("{\"text\":\"hi\"}", 400).getString("error"));
    assertEquals(
        "invalid_field", check("{\"text\":\"hi\",\"user\":{\"id\":\"\"}}", 400).getString("error"));
    assertEquals(
        "invalid_field",
        check("{\"text\":\"hi\",\"user\":{\"id\":\"u\"},\"platform\":[]}", 400).getString("error"));
    JsonObject level = check("{\"text\":\"hi\",\"user\":{\"id\":\"u\",\"level\":\"god\"}}", 400);
    assertTrue(level.getString("message").contains("level must be"), level.encode());
    String longText = "a".repeat(ModerationApi.MAX_TEXT_CHARS + 1);
    assertEquals(
        "text_too_long",
        check("{\"text\":\"" + longText + "\",\"user\":{\"id\":\"u\"}}", 400).getString("error"));
    HttpResponse<Buffer> huge =
        call(
            HttpMethod.POST,
            "/api/v1/communities/" + ModerationStageFixture.COMMUNITY + "/moderation/check",
            "{\"text\":\"" + "b".repeat(ModerationApi.MAX_BODY_BYTES * 2) + "\"}");
    assertEquals(413, huge.statusCode());
  }

  @Test
  void anUnknownCommunityIs404() {
    HttpResponse<Buffer> r =
        call(
            HttpMethod.POST,
            "/api/v1/communities/nobody/moderation/check",
            "{\"text\":\"hi\",\"user\":{\"id\":\"u\"}}");
    assertEquals(404, r.statusCode());
    assertEquals("unknown_community", r.bodyAsJsonObject().getString("error"));
    assertEquals(
        404,
        call(HttpMethod.GET, "/api/v1/communities/nobody/moderation/settings", null).statusCode());
  }

  @Test
  void settingsAreReadChangedAndCheckedAtOnce() {
    String path =
        "/api/v1/communities/" + ModerationStageFixture.COMMUNITY + "/moderation/settings";
    HttpResponse<Buffer> bad = call(HttpMethod.PUT, path, "{\"caps\":{\"maxRatio\":1.5}}");
    assertEquals(400, bad.statusCode());
    assertEquals("invalid_settings", bad.bodyAsJsonObject().getString("error"));
    assertTrue(bad.bodyAsJsonObject().getString("message").contains("caps.maxRatio"));
    HttpResponse<Buffer> typo = call(HttpMethod.PUT, path, "{\"capz\":{}}");
    assertTrue(typo.bodyAsJsonObject().getString("message").contains("unknown key capz"));
    HttpResponse<Buffer> slow =
        call(HttpMethod.PUT, path, "{\"blockedTerms\":{\"patterns\":[\"(\"]}}");
    assertEquals(400, slow.statusCode(), "a pattern that does not compile is refused");

    HttpResponse<Buffer> put = call(HttpMethod.PUT, path, "{\"links\":{\"action\":\"warn\"}}");
    assertEquals(200, put.statusCode(), put.bodyAsString());
    assertEquals(
        "warn",
        put.bodyAsJsonObject()
            .getJsonObject("settings")
            .getJsonObject("links")
            .getString("action"));
    JsonObject now =
        check("{\"text\":\"go to https://example.org\",\"user\":{\"id\":\"u1\"}}", 200);
    assertEquals("warn", now.getString("action"), "the change applies at once");
    JsonObject got = call(HttpMethod.GET, path, null).bodyAsJsonObject();
    assertEquals("delete", got.getJsonObject("settings").getJsonObject("caps").getString("action"));
    call(HttpMethod.PUT, path, "{}");
  }
}
