package dev.chorus.collector.twitch.token;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.twitch.token.sql.SqlTwitchTokens;
import dev.chorus.store.TestServices;
import dev.chorus.store.crypto.SecretBox;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refresh grant against a local peer speaking Twitch's token endpoint protocol. */
class TwitchTokenRefresherTest {

  private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

  private Vertx vertx;
  private H2Database db;
  private HttpServer server;
  private HttpClient http;
  private TwitchTokens tokens;
  private TwitchTokenRefresher refresher;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private int issued;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = TestServices.openH2(vertx);
    tokens = new SqlTwitchTokens(db.sql(), SecretBox.of(SecretBox.newKey(), List.of()));
    server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  Map<String, String> form = new HashMap<>();
                                  for (String pair : body.toString().split("&")) {
                                    String[] kv = pair.split("=", 2);
                                    form.put(
                                        kv[0],
                                        URLDecoder.decode(
                                            kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
                                  }
                                  form.put(":path", req.path());
                                  form.put(":method", req.method().name());
                                  requests.add(form);
                                  if (status != 200) {
                                    req.response()
                                        .setStatusCode(status)
                                        .end(
                                            "{\"status\":400,\"message\":\"Invalid refresh token\"}");
                                    return;
                                  }
                                  int n = ++issued;
                                  req.response()
                                      .putHeader("Content-Type", "application/json")
                                      .end(
                                          new JsonObject()
                                              .put("access_token", "access-" + n)
                                              .put("refresh_token", "refresh-" + n)
                                              .put("expires_in", 14_400)
                                              .put("scope", new JsonArray().add("chat:read"))
                                              .put("token_type", "bearer")
                                              .encode());
                                }))
                .listen(0, "127.0.0.1"));
    http = vertx.createHttpClient();
    refresher =
        new TwitchTokenRefresher(
            http,
            "http://127.0.0.1:" + server.actualPort() + "/oauth2/token",
            "client-id-1",
            "client-secret-1",
            tokens,
            Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    await(http.close());
    await(server.close());
    await(db.close());
    await(vertx.close());
  }

  private static TwitchToken token(String access, String refresh, Instant expires) {
    return new TwitchToken(access, refresh, List.of("chat:read", "chat:edit"), expires);
  }

  @Test
  void aTokenThatDoesNotExpireSoonIsAnsweredWithoutARefresh() {
    assertTrue(await(refresher.seed("bot", token("seed-a", "seed-r", NOW.plusSeconds(3600)))));
    assertFalse(
        await(refresher.seed("bot", token("other", "other", NOW))), "a stored token is kept");
    assertEquals("seed-a", await(refresher.accessToken("bot")));
    assertEquals(List.of(), requests);
  }

  @Test
  void anExpiringTokenIsRefreshedAndTheRotatedPairStored() {
    await(refresher.seed("bot", token("seed-a", "seed-r", NOW.plusSeconds(60))));
    assertEquals("access-1", await(refresher.accessToken("bot")));
    assertEquals(1, requests.size());
    Map<String, String> form = requests.get(0);
    assertEquals("POST", form.get(":method"));
    assertEquals("/oauth2/token", form.get(":path"));
    assertEquals("refresh_token", form.get("grant_type"));
    assertEquals("seed-r", form.get("refresh_token"));
    assertEquals("client-id-1", form.get("client_id"));
    assertEquals("client-secret-1", form.get("client_secret"));
    TwitchToken stored = await(tokens.get("bot")).orElseThrow();
    assertEquals("refresh-1", stored.refreshToken(), "Twitch rotates the refresh token");
    assertEquals(NOW.plusSeconds(14_400), stored.expiresAt());
    assertEquals(List.of("chat:read"), stored.scopes());
    assertEquals("access-1", await(refresher.accessToken("bot")), "no second refresh");
    assertEquals(1, requests.size());
  }

  @Test
  void callersAtTheSameTimeShareOneRefresh() {
    await(refresher.seed("bot", token("seed-a", "seed-r", NOW.minusSeconds(1))));
    List<Future<String>> calls =
        List.of(
            refresher.accessToken("bot"),
            refresher.accessToken("bot"),
            refresher.accessToken("bot"));
    for (Future<String> call : calls) {
      assertEquals("access-1", await(call));
    }
    assertEquals(1, requests.size());
  }

  @Test
  void aRefusedRefreshFailsNamingTheAccountNotTheTokensAndKeepsTheStoredPair() {
    await(refresher.seed("bot", token("seed-a", "seed-r", NOW.minusSeconds(1))));
    status = 400;
    Throwable e = awaitFailure(refresher.accessToken("bot"));
    assertTrue(e.getMessage().contains("bot") && e.getMessage().contains("400"), e.getMessage());
    assertFalse(e.getMessage().contains("seed-r") || e.getMessage().contains("client-secret-1"));
    assertEquals("seed-r", await(tokens.get("bot")).orElseThrow().refreshToken());
    status = 200;
    assertEquals("access-1", await(refresher.accessToken("bot")), "a later call tries again");
  }

  @Test
  void aTokenTheServerRefusedIsRefreshedOnRequest() {
    await(refresher.seed("bot", token("seed-a", "seed-r", NOW.plusSeconds(3600))));
    assertEquals("access-1", await(refresher.invalidate("bot")));
    assertEquals("access-1", await(refresher.accessToken("bot")));
  }

  @Test
  void withoutAStoredTokenOrRefreshTokenTheErrorSaysSo() {
    assertTrue(awaitFailure(refresher.accessToken("nobody")).getMessage().contains("no Twitch"));
    await(refresher.seed("app", token("app-a", "", NOW.minusSeconds(1))));
    assertTrue(
        awaitFailure(refresher.accessToken("app")).getMessage().contains("no refresh token"));
    assertEquals(List.of(), requests);
  }
}
