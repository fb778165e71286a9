package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the embedded process in the middle of a burst, right after acks: after a
 * restart on the same data directory every acknowledged event is in the log exactly once and has an
 * outcome (its reply, or a dead letter), and nothing is left unfinished.
 */
class KillRecoveryTest {

  private static final int SENT = 400;
  private static final int KILL_AFTER_ACKS = 150;

  @TempDir Path dataDir;
  private Vertx client;
  private WebClient web;

  @BeforeEach
  void setUp() {
    client = Vertx.vertx();
    web = WebClient.create(client);
  }

  @AfterEach
  void tearDown() {
    web.close();
    client.close().await();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("CHORUS_DATA_DIR", dataDir.toString());
    env.put("CHORUS_HTTP_HOST", "127.0.0.1");
    env.put("CHORUS_ADMIN_KEY", TestChorus.ADMIN_KEY);
    // Short enough for a quick test, long enough that a cold process answers a resumed burst before
    // the next claim (at 500 ms most of it was dead-lettered after replies it had already sent).
    env.put("CHORUS_LOG_RESUME_AFTER_MS", "2000");
    env.put("CHORUS_LOG_RESUME_CHECK_MS", "100");
    return env;
  }

  @Test
  void killNineRightAfterAcksLosesNothingAndLeavesNothingUnanswered() throws Exception {
    Set<String> acked = new HashSet<>();
    try (ChorusProcess first = ChorusProcess.start("first", env(), "--http-port", "0")) {
      try (ChatClient chat = ChatClient.connect(client, first.httpPort())) {
        for (int i = 0; i < SENT; i++) {
          chat.send(ChatClient.message("kill", "u" + (i % 7), "!ping"));
        }
        while (acked.size() < KILL_AFTER_ACKS) {
          // A cold process on a loaded machine may pause for seconds: wait longer than next().
          JsonObject frame = chat.poll(30_000);
          assertTrue(frame != null, "no frame within 30 s after " + acked.size() + " acks");
          if ("ack".equals(frame.getString("type"))) {
            acked.add(frame.getString("id"));
          }
        }
        first.close(); // SIGKILL while the rest of the burst is in flight
      }
    }
    try (ChorusProcess second = ChorusProcess.start("second", env(), "--http-port", "0")) {
      int port = second.httpPort();
      long unfinished = -1;
      for (int i = 0; i < 300 && unfinished != 0; i++) {
        unfinished = get(port, "/api/v1/journal").getLong("unfinished");
        Thread.sleep(100);
      }
      assertEquals(0, unfinished, "every accepted event finished after the restart");
      List<JsonObject> items;
      try (AdminClient admin = new AdminClient(client, port)) {
        items = admin.interactions("kill", 200);
      }
      Map<String, Integer> events = new HashMap<>();
      Set<String> outcomes = new HashSet<>();
      for (JsonObject row : items) {
        switch (row.getString("kind")) {
          case "event" -> events.merge(row.getString("id"), 1, Integer::sum);
          case "reply", "dead_letter" -> outcomes.add(row.getString("inReplyTo"));
          default -> {}
        }
      }
      for (String id : acked) {
        assertEquals(1, events.getOrDefault(id, 0), "acknowledged event " + id + " logged once");
        assertTrue(outcomes.contains(id), "acknowledged event " + id + " has an outcome");
      }
      assertEquals(0, second.stop(30));
    }
  }

  private JsonObject get(int port, String path) throws Exception {
    return web.get(port, "127.0.0.1", path)
        .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
        .send()
        .await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
  }
}
