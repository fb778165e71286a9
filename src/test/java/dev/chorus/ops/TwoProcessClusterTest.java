package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.TestServices;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real JVMs on loopback, clustered with Hazelcast on the cluster profile: the gateway and the
 * router in one, the log writer, identity, command and egress in the other. Every step of the slip
 * crosses the clustered event bus (router in A, stages in B), so the context identity writes is
 * read by command after two wire hops.
 */
class TwoProcessClusterTest {

  @TempDir Path dataDir;
  private final String schema = TestServices.newSchema();
  private final String clusterName = "chorus-test-" + UUID.randomUUID().toString().substring(0, 8);
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

  private Map<String, String> env(String roles) {
    return Map.of(
        "CHORUS_ROLES",
        roles,
        "CHORUS_CLUSTER_ENABLED",
        "true",
        "CHORUS_CLUSTER_NAME",
        clusterName,
        "CHORUS_STORAGE_PROFILE",
        "cluster",
        "CHORUS_PG_URL",
        TestServices.PG_URL,
        "CHORUS_PG_SCHEMA",
        schema,
        "CHORUS_REDIS_URL",
        TestServices.REDIS_URL,
        "CHORUS_REDIS_KEY_PREFIX",
        "chorus-test-" + clusterName,
        "CHORUS_DATA_DIR",
        dataDir.toString(),
        "CHORUS_HTTP_HOST",
        "127.0.0.1");
  }

  @Test
  void gatewayAndRouterInOneProcessStagesInTheOther() throws Exception {
    try (ChorusProcess stages =
            ChorusProcess.start(
                "stages",
                env("interactions,identity,command,egress,community"),
                "--http-port",
                "0",
                "--config",
                "conf/cluster.yaml");
        ChorusProcess edge =
            ChorusProcess.start(
                "edge",
                env("gateway,router"),
                "--http-port",
                "0",
                "--config",
                "conf/cluster.yaml")) {
      try (ChatClient chat = ChatClient.connect(client, edge.httpPort())) {
        assertEquals("pong", ask(chat, "!ping"));
        assertEquals("!ping checks that the bot is listening", ask(chat, "!help ping"));
        String whoami = ask(chat, "!whoami");
        assertTrue(
            whoami.matches("You are alice \\(person [0-9a-f-]{36}\\)\\."),
            "command read the person identity wrote, across the cluster: " + whoami);
      }
      assertEquals(3, loggedEvents("cluster"), "each message is one row in PostgreSQL");
      assertEquals(0, edge.stop(30), "edge stops cleanly");
      assertEquals(0, stages.stop(30), "stages stop cleanly");
      assertTrue(
          edge.output().stream().noneMatch(l -> l.contains("PostgreSQL schema")),
          "the gateway + router process opened no database");
    }
  }

  private static String ask(ChatClient chat, String text) throws Exception {
    chat.send(ChatClient.message("cluster", "alice", text));
    JsonObject ack = chat.next();
    assertEquals("ack", ack.getString("type"), ack.encode());
    JsonObject reply = chat.next();
    assertEquals("reply", reply.getString("type"), reply.encode());
    assertEquals(ack.getString("id"), reply.getString("inReplyTo"));
    return reply.getString("text");
  }

  private int loggedEvents(String community) throws Exception {
    var options = dev.chorus.store.pg.PgDatabase.connectOptions(TestServices.pg(schema, 1));
    String url =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    try (Connection c = DriverManager.getConnection(url, options.getUser(), options.getPassword());
        PreparedStatement q =
            c.prepareStatement(
                "SELECT count(*) FROM "
                    + schema
                    + ".interactions WHERE community = ? AND kind = 'event'")) {
      q.setString(1, community);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
