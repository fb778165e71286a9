package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.TestServices;
import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.TcpProxy;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster-profile stores in one process, with PostgreSQL reached through a loopback relay. The
 * relay is cut (connections refused): the web chat still acknowledges, from the local spill buffer.
 * Then {@code kill -9} with the buffer full of unwritten events, the database back, a restart on
 * the same data directory: every acknowledged event is drained into the log exactly once.
 */
class SpillKillRecoveryTest {

  private static final int SENT = 120;

  @TempDir Path dataDir;
  private final String schema = TestServices.newSchema();
  private Vertx client;
  private TcpProxy proxy;

  @BeforeEach
  void setUp() throws Exception {
    client = Vertx.vertx();
    URI pg = URI.create(TestServices.PG_URL);
    proxy = TcpProxy.start(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
  }

  @AfterEach
  void tearDown() {
    proxy.close();
    client.close().await();
    TestServices.dropSchema(schema);
  }

  private Map<String, String> env() {
    URI pg = URI.create(TestServices.PG_URL);
    Map<String, String> env = new HashMap<>(TestChorus.loadLimitsEnv());
    env.put("CHORUS_CLUSTER_ENABLED", "false");
    env.put("CHORUS_STORAGE_PROFILE", "cluster");
    env.put("CHORUS_PG_URL", "postgresql://127.0.0.1:" + proxy.port() + pg.getPath());
    env.put("CHORUS_PG_SCHEMA", schema);
    env.put("CHORUS_PG_CONNECT_TIMEOUT_MS", "1000");
    env.put("CHORUS_REDIS_URL", TestServices.REDIS_URL);
    env.put("CHORUS_REDIS_KEY_PREFIX", TestServices.newKeyPrefix());
    env.put("CHORUS_DATA_DIR", dataDir.toString());
    env.put("CHORUS_HTTP_HOST", "127.0.0.1");
    env.put("CHORUS_ADMIN_KEY", TestChorus.ADMIN_KEY);
    env.put("CHORUS_LOG_SPILL_AFTER_MS", "500");
    env.put("CHORUS_LOG_SPILL_RETRY_MS", "200");
    env.put("CHORUS_LOG_RESUME_AFTER_MS", "2000");
    env.put("CHORUS_LOG_RESUME_CHECK_MS", "200");
    env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    return env;
  }

  @Test
  void killNineWithASpilledBacklogThenRestartDrainsEveryAckedEventOnce() throws Exception {
    Set<String> acked = new HashSet<>();
    try (ChorusProcess first =
        ChorusProcess.start("first", env(), "--http-port", "0", "--config", "conf/cluster.yaml")) {
      try (ChatClient chat = ChatClient.connect(client, first.httpPort())) {
        // warm: the community is known and the pool holds connections through the relay
        chat.send(ChatClient.message("kill", "warm", "!ping"));
        assertEquals("ack", chat.next("ack").getString("type"));
        proxy.down();
        for (int i = 0; i < SENT; i++) {
          chat.send(ChatClient.message("kill", "u" + (i % 5), "hello " + i));
        }
        int errors = 0;
        while (acked.size() + errors < SENT) {
          JsonObject frame = chat.poll(30_000);
          assertTrue(frame != null, "no frame within 30 s after " + acked.size() + " acks");
          switch (frame.getString("type")) {
            case "ack" -> acked.add(frame.getString("id"));
            case "error" -> errors++;
            default -> {}
          }
        }
        assertEquals(SENT, acked.size(), "the database is down, yet every message is acknowledged");
      }
      assertTrue(Files.size(dataDir.resolve("spill").resolve("spill-0.mv.db")) > 0, "a spill file");
      first.close(); // SIGKILL with the backlog still spilled
    }
    proxy.up();
    try (ChorusProcess second =
        ChorusProcess.start("second", env(), "--http-port", "0", "--config", "conf/cluster.yaml")) {
      Map<String, Integer> events = new HashMap<>();
      try (AdminClient admin = new AdminClient(client, second.httpPort())) {
        for (int i = 0; i < 300; i++) {
          events.clear();
          for (JsonObject row : admin.interactions("kill", 200)) {
            if ("event".equals(row.getString("kind"))) {
              events.merge(row.getString("id"), 1, Integer::sum);
            }
          }
          if (events.keySet().containsAll(acked)) {
            break;
          }
          Thread.sleep(100);
        }
      }
      for (String id : acked) {
        assertEquals(1, events.getOrDefault(id, 0), "acknowledged event " + id + " logged once");
      }
      List<String> out = second.output();
      assertTrue(
          out.stream().anyMatch(l -> l.contains("spilled rows left by the last run")),
          "the restart drained what the killed process spilled");
      assertEquals(0, second.stop(30));
    }
  }
}
