package dev.chorus.collector.twitch.chat;

import static dev.chorus.collector.twitch.chat.FakeTwitchIrc.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chorus.collector.twitch.token.TwitchToken;
import dev.chorus.collector.twitch.token.TwitchTokenRefresher;
import dev.chorus.collector.twitch.token.TwitchTokens;
import dev.chorus.collector.twitch.token.sql.SqlTwitchTokens;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.crypto.SecretBox;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chat collector with a refreshed token: Twitch refuses the stored (expired) token, the
 * collector asks for a refresh, the token endpoint issues a new pair, the collector logs in with it
 * and the rotated pair is stored encrypted.
 */
class TwitchChatTokenRefreshTest {

  private final Vertx vertx = Vertx.vertx();
  private final H2Database db = TestServices.openH2(vertx);
  private final FakeTwitchIrc twitch =
      new FakeTwitchIrc("fresh-access", Map.of(TwitchChatVerticleTest.CHANNEL, "1001"));
  private final ChatNode node = new ChatNode(null, v -> new InProcessStateStore("t"));
  private final AtomicInteger refreshes = new AtomicInteger();
  private HttpServer endpoint;

  @AfterEach
  void tearDown() {
    node.close();
    twitch.close();
    await(endpoint.close());
    await(db.close());
    await(vertx.close());
  }

  @Test
  void aRefusedTokenIsRefreshedAndTheNewOneLogsIn() {
    endpoint =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body ->
                                    req.response()
                                        .end(
                                            new JsonObject()
                                                .put("access_token", "fresh-access")
                                                .put(
                                                    "refresh_token",
                                                    "rotated-" + refreshes.incrementAndGet())
                                                .put("expires_in", 14_400)
                                                .encode())))
                .listen(0, "127.0.0.1"));
    TwitchTokens tokens =
        new SqlTwitchTokens(db.sql(), SecretBox.of(SecretBox.newKey(), List.of()));
    TwitchTokenRefresher refresher =
        new TwitchTokenRefresher(
            vertx.createHttpClient(),
            "http://127.0.0.1:" + endpoint.actualPort() + "/oauth2/token",
            "client",
            "client-secret",
            tokens,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    String account = "bot:chorusbot";
    await(
        refresher.seed(
            account,
            new TwitchToken(
                "revoked-access", "first-refresh", List.of(), Instant.now().plusSeconds(3600))));
    node.link("c1", "1001", TwitchChatVerticleTest.CHANNEL);
    node.start(
        ChatNode.options(twitch.port()),
        new ChatToken() {
          @Override
          public Future<String> current() {
            return refresher.accessToken(account);
          }

          @Override
          public void refused() {
            refresher.invalidate(account);
          }
        });
    awaitTrue("joined with the new token", () -> twitch.inChannel("streamer") == 1);
    assertEquals("oauth:revoked-access", twitch.lines("PASS").get(0).message().param(0));
    List<FakeTwitchIrc.Received> passes = twitch.lines("PASS");
    assertEquals("oauth:fresh-access", passes.get(passes.size() - 1).message().param(0));
    TwitchToken stored = await(tokens.get(account)).orElseThrow();
    assertEquals("fresh-access", stored.accessToken());
    assertFalse(stored.refreshToken().equals("first-refresh"), "Twitch's rotated refresh token");
  }
}
