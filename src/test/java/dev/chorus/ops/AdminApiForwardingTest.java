package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split layout's API gap, closed (decision 136): a gateway process that runs no command role
 * answers the command module's admin routes by forwarding them over the event bus to the process
 * that does, which replays them on its own port. Only the gateway's port is called.
 */
class AdminApiForwardingTest {

  private static final String COMMUNITY = "cluster";
  private static final String TIMERS = "/api/v1/communities/" + COMMUNITY + "/timers";
  private static final String COMMANDS = "/api/v1/communities/" + COMMUNITY + "/commands";

  @TempDir Path dataDir;
  private ClusterProcesses cluster;
  private Vertx client;

  @BeforeEach
  void setUp() {
    cluster = new ClusterProcesses(dataDir);
    client = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    cluster.dump("AdminApiForwardingTest");
    cluster.close();
    client.close().await();
  }

  @Test
  void theGatewayAnswersAdminRoutesServedByAnotherProcess() throws Exception {
    ChorusProcess gateway =
        cluster.start("gateway", cluster.env("gateway,router,community,access"));
    try (AdminClient admin = new AdminClient(client, gateway.httpPort())) {
      // Alone, nobody serves the command module's routes.
      JsonObject missing = admin.expect(404, HttpMethod.GET, TIMERS, null);
      assertEquals("not_found", missing.getString("error"));

      ChorusProcess stages =
          cluster.start("stages", cluster.env("interactions,identity,command,egress"));
      awaitServed(admin, TIMERS);

      JsonObject timer =
          admin.expect(
              200,
              HttpMethod.PUT,
              TIMERS + "/hydrate",
              new JsonObject().put("message", "drink some water").put("intervalSeconds", 600));
      assertEquals("hydrate", timer.getString("name"));
      assertEquals(600, timer.getInteger("intervalSeconds"));
      JsonObject listed = admin.expect(200, HttpMethod.GET, TIMERS, null);
      assertEquals(1, listed.getJsonArray("items").size(), listed.encode());
      assertEquals(
          "drink some water", listed.getJsonArray("items").getJsonObject(0).getString("message"));
      admin.expect(204, HttpMethod.DELETE, TIMERS + "/hydrate", null);
      assertEquals(0, admin.expect(200, HttpMethod.GET, TIMERS, null).getJsonArray("items").size());

      // The serving process's own answers come back unchanged: its 404 for a missing record, and
      // an invalid body refused before any route (the edge validates as well).
      JsonObject none = admin.expect(404, HttpMethod.GET, COMMANDS + "/nosuch", null);
      assertTrue(none.containsKey("error"), none.encode());
      JsonObject invalid =
          admin.expect(
              400, HttpMethod.PUT, TIMERS + "/bad", new JsonObject().put("intervalSeconds", 0));
      assertEquals("invalid_request", invalid.getString("error"));
      HttpResponse<Buffer> noKey = admin.call(HttpMethod.GET, TIMERS, null, null);
      assertEquals(401, noKey.statusCode());
      HttpResponse<Buffer> wrongKey =
          admin.call(HttpMethod.GET, TIMERS, null, "not-the-key-0123456789abcdef");
      assertEquals(401, wrongKey.statusCode());

      // A command created through the gateway is the one the command stage answers in chat.
      admin.expect(
          200,
          HttpMethod.PUT,
          COMMANDS + "/hello",
          new JsonObject().put("response", "hello from the stages"));
      try (ChatClient chat = ChatClient.connect(client, gateway.httpPort())) {
        chat.send(ChatClient.message(COMMUNITY, "viewer1", "!hello"));
        assertEquals("hello from the stages", chat.next("reply").getString("text"));
      }

      // A request marked as forwarded already is answered where it arrives, never sent on.
      HttpResponse<Buffer> marked =
          WebClient.create(client)
              .get(gateway.httpPort(), "127.0.0.1", TIMERS)
              .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
              .putHeader("X-Chorus-Forwarded", "elsewhere")
              .send()
              .await(10, TimeUnit.SECONDS);
      assertEquals(404, marked.statusCode(), "answered where it arrived: " + marked.bodyAsString());

      assertEquals(0, stages.stop(40));
      // Once the serving process left, its routes are not found again (not forwarded to a ghost).
      awaitStatus(admin, TIMERS, 404);
    }
    assertEquals(0, gateway.stop(40));
  }

  /** Waits (60 s at most) until the gateway forwards {@code path} (200). */
  private static void awaitServed(AdminClient admin, String path) throws Exception {
    awaitStatus(admin, path, 200);
  }

  private static void awaitStatus(AdminClient admin, String path, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = admin.call(HttpMethod.GET, path, null).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(path + " never answered " + status + " (last " + last + ")");
  }
}
