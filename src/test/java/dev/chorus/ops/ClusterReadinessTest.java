package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered Chorus processes in this JVM (embedded stores, a random cluster name): what the
 * edge process reports about the cluster on {@code /health/ready} and {@code /metrics} as the
 * process with the log writer and the stages comes and goes, and that a cluster of another name
 * stays apart.
 */
class ClusterReadinessTest {

  @TempDir Path edgeDir;
  @TempDir Path stagesDir;
  @TempDir Path otherDir;
  private final String clusterName = "chorus-test-" + UUID.randomUUID().toString().substring(0, 8);
  private Vertx client;
  private WebClient web;
  private Chorus edge;
  private Chorus stages;
  private Chorus other;

  @BeforeEach
  void setUp() {
    client = Vertx.vertx();
    web = WebClient.create(client);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Chorus c : new Chorus[] {other, stages, edge}) {
      if (c != null) {
        c.stop().await(30, TimeUnit.SECONDS);
      }
    }
    web.close();
    client.close().await();
  }

  private static Map<String, String> clustered(String name, String roles) {
    Map<String, String> settings = new HashMap<>();
    settings.put("roles", roles);
    settings.put("cluster.enabled", "true");
    settings.put("cluster.name", name);
    settings.put("cluster.maxNoHeartbeatSeconds", "5");
    return settings;
  }

  @Test
  void anEdgeIsReadyOnlyWhileARouterAndALogWriterAreReachable() throws Exception {
    edge = TestChorus.start(edgeDir, clustered(clusterName, "gateway,router"));
    JsonObject alone = awaitReady(edge, false);
    assertEquals(
        "no reachable instance: gateway needs interactions, router needs interactions",
        check(alone, "roles").getString("error"));
    assertEquals("UP", check(alone, "cluster").getString("status"));
    assertEquals(1, alone.getJsonObject("cluster").getJsonArray("members").size());
    assertEquals(clusterName, alone.getJsonObject("cluster").getString("name"));

    stages =
        TestChorus.start(
            stagesDir,
            Map.of(
                "roles", "interactions,identity,command,egress,community",
                "cluster.enabled", "true",
                "cluster.name", clusterName,
                "command.instances", "3"));
    JsonObject together = awaitReady(edge, true);
    JsonObject cluster = together.getJsonObject("cluster");
    assertEquals(2, cluster.getJsonArray("members").size(), cluster.encodePrettily());
    assertTrue(cluster.getBoolean("joined"));
    JsonObject roles = cluster.getJsonObject("roles");
    assertEquals(3, roles.getInteger("command"), roles.encode());
    assertEquals(1, roles.getInteger("router"), roles.encode());
    assertEquals(1, roles.getInteger("interactions"), roles.encode());
    assertEquals(1, cluster.getJsonObject("roleNodes").getInteger("command"));

    String scrape = get(edge, "/metrics").bodyAsString();
    assertTrue(scrape.contains("chorus_cluster_members 2.0"), "members gauge");
    assertTrue(
        scrape.contains("chorus_cluster_role_instances{role=\"command\"} 3.0"),
        "per-role instances gauge");

    try (ChatClient chat = ChatClient.connect(client, edge.httpPort())) {
      chat.send(ChatClient.message("cluster", "alice", "!ping"));
      assertEquals("ack", chat.next().getString("type"));
      assertEquals("pong", chat.next().getString("text"), "answered across the cluster");
    }

    // Another deployment on the same host, same ports, another name: it stays apart.
    other = TestChorus.start(otherDir, clustered(clusterName + "-other", "gateway,router"));
    JsonObject apart = awaitReady(other, false);
    assertEquals(1, apart.getJsonObject("cluster").getJsonArray("members").size());
    assertEquals(
        2,
        get(edge, "/health/ready")
            .bodyAsJsonObject()
            .getJsonObject("cluster")
            .getJsonArray("members")
            .size());

    // The stages leave gracefully: the edge notices and is no longer ready.
    stages.stop().await(30, TimeUnit.SECONDS);
    stages = null;
    JsonObject left =
        await(
            edge,
            body ->
                "DOWN".equals(body.getString("status"))
                    && body.getJsonObject("cluster").getJsonArray("members").size() == 1
                    // the role map follows membership a moment later
                    && body.getJsonObject("cluster").getJsonObject("roles").getInteger("command", 0)
                        == 0,
            false);
    assertEquals(0, left.getJsonObject("cluster").getJsonObject("roles").getInteger("command", 0));
  }

  @Test
  void aGatewayWhoseRouterIsGoneIsNotReady() throws Exception {
    stages =
        TestChorus.start(
            stagesDir,
            clustered(clusterName, "router,interactions,identity,command,egress,community"));
    edge = TestChorus.start(edgeDir, clustered(clusterName, "gateway"));
    JsonObject ready = awaitReady(edge, true);
    assertEquals(2, ready.getJsonObject("cluster").getJsonArray("members").size());
    try (ChatClient chat = ChatClient.connect(client, edge.httpPort())) {
      chat.send(ChatClient.message("cluster", "bob", "!ping"));
      assertEquals("ack", chat.next().getString("type"));
      assertEquals("pong", chat.next().getString("text"), "routed by the other process");
    }
    stages.stop().await(30, TimeUnit.SECONDS);
    stages = null;
    // The gateway's own ingest check may report first; wait for the roles check to notice.
    JsonObject gone =
        await(
            edge,
            body ->
                !"UP".equals(body.getString("status"))
                    && !"UP".equals(check(body, "roles").getString("status")),
            false);
    assertEquals(
        "no reachable instance: gateway needs interactions, gateway needs router",
        check(gone, "roles").getString("error"));
  }

  @Test
  void withoutClusteringTheViewIsThisProcess() throws Exception {
    edge = TestChorus.start(edgeDir, Map.of("roles", "gateway,router,interactions"));
    JsonObject ready = awaitReady(edge, true);
    JsonObject cluster = ready.getJsonObject("cluster");
    assertEquals(false, cluster.getBoolean("enabled"));
    assertEquals(1, cluster.getJsonObject("roles").getInteger("router"));
    assertTrue(
        ready.getJsonArray("checks").stream()
            .map(c -> ((JsonObject) c).getString("name"))
            .noneMatch("cluster"::equals),
        "no cluster check without a cluster");
    assertEquals("UP", check(ready, "roles").getString("status"));
  }

  private static JsonObject check(JsonObject ready, String name) {
    JsonArray checks = ready.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (name.equals(checks.getJsonObject(i).getString("name"))) {
        return checks.getJsonObject(i);
      }
    }
    throw new AssertionError("no check " + name + " in " + ready.encode());
  }

  /** Polls {@code /health/ready} until it says {@code ready} (within 15 s). */
  private JsonObject awaitReady(Chorus chorus, boolean ready) throws Exception {
    return await(chorus, body -> "UP".equals(body.getString("status")) == ready, ready);
  }

  private JsonObject await(Chorus chorus, Predicate<JsonObject> condition, boolean ready)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    JsonObject body = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> response = get(chorus, "/health/ready");
      body = response.bodyAsJsonObject();
      if (condition.test(body)) {
        assertEquals(ready ? 200 : 503, response.statusCode());
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("readiness never became " + ready + ": " + body);
  }

  private HttpResponse<Buffer> get(Chorus chorus, String path) throws Exception {
    return web.get(chorus.httpPort(), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
  }
}
