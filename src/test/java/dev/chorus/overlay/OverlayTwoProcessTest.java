package dev.chorus.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.TestServices;
import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.OverlayClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay feed across two real JVMs clustered on loopback: node A accepts and processes the
 * chat (gateway, router, stages and its sequencer), node B runs only the overlay role. An overlay
 * client on B sees what A accepted, numbered by A's sequencer, and after a reconnect to B with
 * {@code since} gets what it missed from B's replay buffer.
 */
class OverlayTwoProcessTest {

  static final String COMMUNITY = "cluster"; // seeded (TestChorus.COMMUNITIES)

  @TempDir Path dataDir;
  private final String schema = TestServices.newSchema();
  private final String clusterName = "chorus-ovl-" + UUID.randomUUID().toString().substring(0, 8);
  private Vertx client;

  @BeforeEach
  void setUp() {
    client = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    client.close().await();
    TestServices.dropSchema(schema);
  }

  private Map<String, String> env(String roles, String node) {
    return Map.ofEntries(
        Map.entry("CHORUS_ROLES", roles),
        Map.entry("CHORUS_CLUSTER_ENABLED", "true"),
        Map.entry("CHORUS_CLUSTER_NAME", clusterName),
        Map.entry("CHORUS_STORAGE_PROFILE", "cluster"),
        Map.entry("CHORUS_PG_URL", TestServices.PG_URL),
        Map.entry("CHORUS_PG_SCHEMA", schema),
        Map.entry("CHORUS_REDIS_URL", TestServices.REDIS_URL),
        Map.entry("CHORUS_REDIS_KEY_PREFIX", "chorus-test-" + clusterName),
        Map.entry("CHORUS_DATA_DIR", dataDir.resolve(node).toString()),
        Map.entry("CHORUS_HTTP_HOST", "127.0.0.1"),
        Map.entry("CHORUS_ADMIN_KEY", TestChorus.ADMIN_KEY));
  }

  private ChorusProcess start(String node, String roles) throws Exception {
    return ChorusProcess.start(
        node, env(roles, node), "--http-port", "0", "--config", "conf/cluster.yaml");
  }

  /** Sends a line on A's web chat and waits for its ack (it is journaled). */
  private static void say(ChatClient chat, String text) throws InterruptedException {
    chat.send(ChatClient.message(COMMUNITY, "alice", text));
    assertEquals("ack", chat.next("ack").getString("type"));
  }

  @Test
  void anOverlayOnTheOtherNodeSeesWhatOneAcceptedAndReplaysAfterAReconnect() throws Exception {
    try (ChorusProcess a =
            start(
                "a",
                "gateway,router,interactions,identity,command,egress,community,overlay,access");
        ChorusProcess b = start("b", "overlay");
        AdminClient admin = new AdminClient(client, a.httpPort());
        ChatClient chat = ChatClient.connect(client, a.httpPort())) {
      String token =
          admin
              .expect(
                  201, HttpMethod.POST, "/api/v1/communities/" + COMMUNITY + "/overlay/token", null)
              .getString("token");
      WebSocketClient sockets = client.createWebSocketClient();
      long seen;
      // A witness stays connected to B throughout: once it has a frame, B's feed holds it.
      try (OverlayClient witness =
          OverlayClient.open(sockets, b.httpPort(), COMMUNITY, token, -1)) {
        assertEquals("hello", witness.next().getString("type"));
        try (OverlayClient overlay =
            OverlayClient.open(sockets, b.httpPort(), COMMUNITY, token, -1)) {
          assertEquals("hello", overlay.next().getString("type"));
          say(chat, "hello from a");
          JsonObject line = overlay.next("chat.message");
          assertEquals("hello from a", line.getString("text"));
          assertEquals("alice", line.getJsonObject("author").getString("name"));
          seen = line.getLong("seq");
        }
        // While the overlay is away (OBS reloads the source), A accepts a command and answers it.
        say(chat, "!ping");
        assertEquals("pong", chat.next("reply").getString("text"));
        JsonObject ping = witness.next("chat.message");
        while (!"!ping".equals(ping.getString("text"))) {
          ping = witness.next("chat.message");
        }
        JsonObject pong = witness.next("bot.reply");
        assertEquals(ping.getString("id"), pong.getString("inReplyTo"));
        assertEquals(ping.getLong("seq") + 1, pong.getLong("seq"), "A numbered both in one block");
        assertTrue(ping.getLong("seq") > seen);
      }
      try (OverlayClient again =
          OverlayClient.open(sockets, b.httpPort(), COMMUNITY, token, seen)) {
        JsonObject hello = again.next();
        assertEquals("hello", hello.getString("type"), hello.encode());
        assertEquals(2, hello.getInteger("replay"), "B replays what came after since: " + hello);
        JsonObject ping = again.next();
        assertEquals("chat.message", ping.getString("type"));
        assertEquals("!ping", ping.getString("text"));
        assertEquals(seen + 1, ping.getLong("seq"), "nothing in between, nothing seen again");
        JsonObject pong = again.next();
        assertEquals("bot.reply", pong.getString("type"));
        assertEquals("pong", pong.getString("text"));
        assertEquals(ping.getLong("seq") + 1, pong.getLong("seq"));
        assertNull(again.poll(300), "no frame beyond the replay");
      }
      // A wrong token is refused by B as well.
      assertTrue(
          OverlayClient.connect(sockets, b.httpPort(), COMMUNITY, "not-the-token", -1)
              .toCompletionStage()
              .toCompletableFuture()
              .handle((ok, failure) -> failure != null)
              .get(),
          "B refuses a wrong token");
      assertEquals(0, b.stop(30), "B stops cleanly");
      assertEquals(0, a.stop(30), "A stops cleanly");
    }
  }
}
