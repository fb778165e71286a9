package dev.chorus.identity;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.Races;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pronoun source against a local HTTP peer serving the pronouns API's JSON: known users,
 * unknown ones, and a peer that misbehaves (huge, garbage, silent).
 */
class HttpPronounSourceTest {

  private Vertx vertx;
  private HttpServer peer;
  private HttpPronounSource source;
  private final AtomicInteger userRequests = new AtomicInteger();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    peer =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      String path = req.path();
                      if (path.equals("/api/pronouns")) {
                        req.response()
                            .putHeader("Content-Type", "application/json")
                            .end(
                                new JsonArray()
                                    .add(
                                        new JsonObject()
                                            .put("name", "sheher")
                                            .put("display", "She/Her"))
                                    .add(
                                        new JsonObject()
                                            .put("name", "theythem")
                                            .put("display", "They/Them"))
                                    .add(
                                        new JsonObject()
                                            .put("name", "weird")
                                            .put("display", "Zap/Zop"))
                                    .encode());
                        return;
                      }
                      userRequests.incrementAndGet();
                      switch (path) {
                        case "/api/users/alice" ->
                            req.response()
                                .end(
                                    new JsonArray()
                                        .add(
                                            new JsonObject()
                                                .put("id", "1")
                                                .put("login", "alice")
                                                .put("pronoun_id", "sheher"))
                                        .encode());
                        case "/api/users/zed" ->
                            req.response().end("[{\"login\":\"zed\",\"pronoun_id\":\"weird\"}]");
                        case "/api/users/huge" ->
                            req.response().end("[" + " ".repeat(200_000) + "]");
                        case "/api/users/garbage" -> req.response().end("<html>");
                        case "/api/users/silent" -> {} // never answers
                        case "/api/users/broken" -> req.response().setStatusCode(500).end();
                        default -> req.response().end("[]");
                      }
                    })
                .listen(0, "127.0.0.1"));
    source =
        new HttpPronounSource(
            vertx,
            "http://127.0.0.1:" + peer.actualPort() + "/",
            Duration.ofMinutes(10),
            Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    await(source.close());
    await(vertx.close());
  }

  @Test
  void knownUsersGetTheirPronounsInTheKnownSpelling() {
    assertEquals(Optional.of("she/her"), await(source.fetch("Alice")));
    assertEquals(Optional.empty(), await(source.fetch("nobody")), "no entry");
    assertEquals(Optional.empty(), await(source.fetch("zed")), "pronouns outside the known set");
  }

  @Test
  void theStageNeverWaitsAMissFetchesInTheBackgroundOnce() {
    assertEquals(Optional.empty(), source.cached("alice"), "a miss answers at once");
    Races.eventually(() -> source.cached("alice").isPresent(), "alice's pronouns arrive");
    assertEquals(Optional.of("she/her"), source.cached("ALICE"));
    int asked = userRequests.get();
    for (int i = 0; i < 100; i++) {
      source.cached("alice");
    }
    assertEquals(asked, userRequests.get(), "cached: no more requests");
  }

  @Test
  void aMisbehavingPeerFailsTheFetchAndIsNotAskedAgainAtOnce() {
    assertEquals(Optional.of("she/her"), await(source.fetch("alice")), "the peer answers");
    assertTrue(awaitFailure(source.fetch("huge")).getMessage().contains("larger"));
    assertTrue(awaitFailure(source.fetch("garbage")).getMessage().contains("not JSON"));
    assertTrue(awaitFailure(source.fetch("silent")).getMessage().contains("timeout"));
    assertTrue(awaitFailure(source.fetch("broken")).getMessage().contains("500"));
    int before = userRequests.get();
    source.cached("broken");
    Races.eventually(() -> userRequests.get() > before, "the background fetch ran");
    int asked = userRequests.get();
    for (int i = 0; i < 20; i++) {
      assertEquals(Optional.empty(), source.cached("broken"));
    }
    assertEquals(asked, userRequests.get(), "a failure is remembered for a while");
  }

  @Test
  void loginsThatAreNotTwitchLoginsAreNeverSent() {
    source.cached("../admin");
    source.cached("x".repeat(40));
    source.cached("a b");
    assertEquals(0, userRequests.get());
  }
}
