package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.router.RouteTable;
import dev.chorus.router.RouterVerticle;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter admin API on a whole process: an event nobody routes is dead-lettered, listed
 * with its reason, shown with its envelope, and replayed once a router runs — answered once however
 * often it is replayed.
 */
class DeadLetterApiTest {

  private static final String NO_ROUTER = "gateway,interactions,identity,command,egress,community";
  private static final String BASE = "/api/v1/communities/dl/dead-letters";

  @TempDir Path dataDir;
  private Vertx client;
  private WebClient web;
  private Chorus chorus;

  @BeforeEach
  void setUp() throws Exception {
    client = Vertx.vertx();
    web = WebClient.create(client);
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "roles", NO_ROUTER,
                "gateway.requireRouter", "false",
                "log.resumeAfterMs", "300",
                "log.resumeCheckMs", "100",
                "log.resumeAttempts", "1"));
  }

  @AfterEach
  void tearDown() throws Exception {
    chorus.stop().await(30, TimeUnit.SECONDS);
    web.close();
    client.close().await();
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String key) throws Exception {
    var request = web.request(method, chorus.httpPort(), "127.0.0.1", path);
    if (key != null) {
      request.bearerTokenAuthentication(key);
    }
    return request.send().await(10, TimeUnit.SECONDS);
  }

  private JsonObject json(HttpMethod method, String path, int status) throws Exception {
    HttpResponse<Buffer> response = call(method, path, TestChorus.ADMIN_KEY);
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  @Test
  void aDeadLetterIsListedShownAndReplayedIdempotently() throws Exception {
    InteractionLog log = chorus.port(InteractionLog.class);
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("dl", "ann", "!ping"));
      String eventId = chat.next("ack").getString("id");
      awaitTrue(() -> log.count("dl", Interaction.Kind.DEAD_LETTER).await() == 1, "dead letter");

      JsonArray items = json(HttpMethod.GET, BASE, 200).getJsonArray("items");
      assertEquals(1, items.size(), items.encode());
      JsonObject listed = items.getJsonObject(0);
      assertEquals(eventId, listed.getString("eventId"));
      assertTrue(
          listed.getString("reason").startsWith("unfinished after 1 attempts"), listed.encode());
      String id = listed.getString("id");

      JsonObject shown = json(HttpMethod.GET, BASE + "/" + id, 200);
      assertEquals("!ping", shown.getJsonObject("event").getString("text"));
      assertEquals(eventId, shown.getJsonObject("event").getString("id"));

      chorus
          .vertx()
          .deployVerticle(
              new RouterVerticle(
                  RouteTable.load(Path.of("conf/routes.yaml")), chorus.metrics(), 16, 100))
          .await(10, TimeUnit.SECONDS);
      JsonObject replayed = json(HttpMethod.POST, BASE + "/" + id + "/replay", 202);
      assertEquals(eventId, replayed.getString("eventId"));
      assertTrue(replayed.getBoolean("replayed"));
      JsonObject pong = chat.next("reply");
      assertEquals("pong", pong.getString("text"));
      assertEquals(eventId, pong.getString("inReplyTo"), "the socket that sent it gets the answer");
      awaitTrue(() -> log.unfinished().await() == 0, "the replay finished");

      json(HttpMethod.POST, BASE + "/" + id + "/replay", 202);
      awaitTrue(() -> log.unfinished().await() == 0, "the second replay finished");
      JsonObject all = json(HttpMethod.POST, BASE + "/replay", 202);
      assertEquals(new JsonArray().add(eventId), all.getJsonArray("replayed"));
      awaitTrue(() -> log.unfinished().await() == 0, "the replays finished");
      assertNull(chat.poll(500), "replayed three times, answered once");
      assertEquals(1L, log.count("dl", Interaction.Kind.REPLY).await(), "one reply in the log");
      assertEquals(1L, log.count("dl", Interaction.Kind.EVENT).await(), "one event");
    }
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    assertEquals(401, call(HttpMethod.GET, BASE, null).statusCode());
    assertEquals(401, call(HttpMethod.POST, BASE + "/replay", "wrong-key").statusCode());
    JsonObject missing = json(HttpMethod.GET, BASE + "/no-such-id", 404);
    assertEquals("not_found", missing.getString("error"));
    assertEquals("not_found", json(HttpMethod.POST, BASE + "/nope/replay", 404).getString("error"));
    // The OpenAPI document refuses a limit out of its schema before the handler runs.
    for (JsonObject bad :
        new JsonObject[] {
          json(HttpMethod.GET, BASE + "?limit=0", 400),
          json(HttpMethod.POST, BASE + "/replay?limit=x", 400)
        }) {
      assertEquals("invalid_request", bad.getString("error"), bad.encode());
      assertTrue(bad.getString("message").contains("limit"), bad.encode());
    }
    JsonObject empty = json(HttpMethod.POST, BASE + "/replay", 202);
    assertEquals(new JsonArray(), empty.getJsonArray("replayed"));
    assertFalse(empty.containsKey("error"));
  }

  private static void awaitTrue(Callable<Boolean> condition, String what) throws Exception {
    for (int i = 0; i < 750; i++) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not within 15 s: " + what);
  }
}
