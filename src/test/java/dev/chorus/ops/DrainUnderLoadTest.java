package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.http.ShutdownGate;
import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM of a process while chat flows through it: it reports not ready, refuses new connections
 * and requests with 503 {@code shutting_down}, closes its open WebSocket with 1001, finishes its
 * in-flight events, flushes the log, leaves the cluster and exits 0 within the grace period; every
 * event it acknowledged is in the log once with an outcome, read page by page through the other
 * member's admin API.
 */
class DrainUnderLoadTest {

  private static final String COMMUNITY = "cluster";

  /** Kubernetes' grace period in the base manifests (terminationGracePeriodSeconds). */
  private static final int GRACE_SECONDS = 40;

  @TempDir Path dataDir;
  private ClusterProcesses cluster;
  private Vertx client;
  private WebClient web;

  @BeforeEach
  void setUp() {
    cluster = new ClusterProcesses(dataDir);
    client = Vertx.vertx();
    web = WebClient.create(client);
  }

  @AfterEach
  void tearDown() {
    cluster.dump("DrainUnderLoadTest");
    cluster.close();
    web.close();
    client.close().await();
  }

  private Map<String, String> env() {
    Map<String, String> env =
        cluster.env("gateway,router,identity,command,egress,interactions,community");
    env.putAll(TestChorus.loadLimitsEnv());
    // Long enough for the test to see the refusals before the port closes.
    env.put("CHORUS_SHUTDOWN_NOT_READY_MS", "6000");
    env.put("CHORUS_SHUTDOWN_DRAIN_MS", "10000");
    // What the stopping process journaled but did not finish, the other resumes soon.
    env.put("CHORUS_LOG_RESUME_AFTER_MS", "3000");
    env.put("CHORUS_LOG_RESUME_CHECK_MS", "200");
    return env;
  }

  @Test
  void sigtermUnderLoadRefusesDrainsLeavesAndLosesNoAcknowledgedEvent() throws Exception {
    Map<String, Map<String, String>> members = new LinkedHashMap<>();
    members.put("stopping", env());
    members.put("staying", env());
    List<ChorusProcess> up = cluster.startTogether(members);
    ChorusProcess stopping = up.get(0);
    ChorusProcess staying = up.get(1);
    awaitMembers(staying, 2);
    awaitMembers(stopping, 2);

    Map<String, Long> acked = new LinkedHashMap<>();
    Set<String> replied = new HashSet<>();
    int refused = 0;
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    long[] termAt = new long[1];
    long[] exitedAt = new long[1];
    try (ChatClient chat = ChatClient.connect(client, stopping.httpPort())) {
      long start = System.currentTimeMillis();
      int sent = 0;
      // 100 pings a second; SIGTERM once events are acknowledged and answered (a cold process on
      // a busy machine takes a while); on until the server closes the socket.
      while (!chat.isClosed() && System.currentTimeMillis() - start < 60_000) {
        long now = System.currentTimeMillis();
        if (termAt[0] == 0 && acked.size() >= 50 && replied.size() >= 10) {
          termAt[0] = now;
          Thread stopper =
              new Thread(
                  () -> {
                    try {
                      int code = stopping.stop(GRACE_SECONDS);
                      exitedAt[0] = System.currentTimeMillis();
                      exit.complete(code);
                    } catch (Throwable e) {
                      exit.completeExceptionally(e);
                    }
                  });
          stopper.setDaemon(true);
          stopper.start();
        }
        if (sent < (now - start) / 10) {
          try {
            chat.send(ChatClient.message(COMMUNITY, "load" + (sent % 9), "!ping"));
          } catch (RuntimeException e) {
            break; // closed under our feet
          }
          sent++;
        }
        JsonObject frame = chat.poll(2);
        while (frame != null) {
          switch (frame.getString("type")) {
            case "ack" -> acked.put(frame.getString("id"), System.currentTimeMillis());
            case "reply" -> replied.add(frame.getString("inReplyTo"));
            default -> refused++;
          }
          frame = chat.poll(0);
        }
      }
      assertTrue(
          termAt[0] > 0, "load flowed (" + acked.size() + " acks, " + replied.size() + " replies)");
      long closedAfter = System.currentTimeMillis() - termAt[0];
      awaitClosed(chat);
      assertEquals(
          ShutdownGate.GOING_AWAY, chat.closeStatus(), "the open socket is told: going away");
      assertEquals(ShutdownGate.REASON, chat.closeReason());
      System.out.printf(
          "%d pings sent: %d acknowledged, %d answered on the socket, %d refused;"
              + " socket closed %d ms after SIGTERM%n",
          sent, acked.size(), replied.size(), refused, closedAfter);
    }

    // While it drains: not ready, and every new connection or request refused with 503.
    HttpResponse<Buffer> ready =
        web.get(stopping.httpPort(), "127.0.0.1", "/health/ready")
            .send()
            .await(10, TimeUnit.SECONDS);
    assertEquals(503, ready.statusCode(), ready.bodyAsString());
    assertTrue(ready.bodyAsString().contains("shutting down"), ready.bodyAsString());
    HttpResponse<Buffer> api =
        web.get(stopping.httpPort(), "127.0.0.1", "/api/v1/communities")
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .send()
            .await(10, TimeUnit.SECONDS);
    assertEquals(503, api.statusCode());
    assertEquals("shutting_down", api.bodyAsJsonObject().getString("error"));
    assertEquals("close", api.getHeader("Connection"));
    Throwable upgrade = null;
    try {
      ChatClient.connect(client, stopping.httpPort()).close();
    } catch (Exception e) {
      upgrade = e;
    }
    assertNotNull(upgrade, "a new WebSocket is refused");
    Throwable cause = upgrade instanceof UpgradeRejectedException ? upgrade : upgrade.getCause();
    assertTrue(cause instanceof UpgradeRejectedException, "refused by HTTP: " + upgrade);
    assertEquals(503, ((UpgradeRejectedException) cause).getStatus());

    assertEquals(0, exit.get(GRACE_SECONDS + 5, TimeUnit.SECONDS), "exit code after SIGTERM");
    long stoppedIn = exitedAt[0] - termAt[0];
    System.out.printf("exited %d ms after SIGTERM%n", stoppedIn);
    assertTrue(stoppedIn < GRACE_SECONDS * 1000L, "exited within the grace period");
    List<String> out = stopping.output();
    assertTrue(out.stream().anyMatch(l -> l.contains("withdrawing roles")), "withdrew first");
    assertTrue(
        out.stream().noneMatch(l -> l.contains("still in flight")),
        "drained before the deadline: " + out);
    assertTrue(out.stream().anyMatch(l -> l.contains("Chorus stopped")), "stopped");
    awaitMembers(staying, 1);
    assertTrue(
        staying.output().stream().anyMatch(l -> l.contains("left; 1 members")),
        "the other member saw it leave");

    // Every acknowledged event: in the log once, with its reply or a dead letter.
    Map<String, int[]> rows = awaitOutcomes(staying, acked.keySet());
    int answered = 0;
    int deadLettered = 0;
    for (String id : acked.keySet()) {
      int[] r = rows.getOrDefault(id, new int[3]);
      assertEquals(1, r[0], "acknowledged event " + id + " logged once");
      assertTrue(r[1] > 0 || r[2] > 0, "acknowledged event " + id + " has an outcome");
      answered += r[1] > 0 ? 1 : 0;
      deadLettered += r[2] > 0 ? 1 : 0;
    }
    System.out.printf(
        "in the log: %d acknowledged events, %d answered, %d dead-lettered%n",
        acked.size(), answered, deadLettered);
    assertEquals(0, staying.stop(GRACE_SECONDS));
  }

  /** Per event id: [event rows, reply rows, dead-letter rows], once every id has an outcome. */
  private Map<String, int[]> awaitOutcomes(ChorusProcess p, Set<String> ids) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Map<String, int[]> counts = new HashMap<>();
    try (AdminClient admin = new AdminClient(client, p.httpPort())) {
      while (System.nanoTime() < deadline) {
        counts.clear();
        for (JsonObject row : admin.interactions(COMMUNITY, 100)) {
          String kind = row.getString("kind");
          String id = "event".equals(kind) ? row.getString("id") : row.getString("inReplyTo");
          int[] c = counts.computeIfAbsent(id, k -> new int[3]);
          switch (kind) {
            case "event" -> c[0]++;
            case "reply" -> c[1]++;
            case "dead_letter" -> c[2]++;
            default -> {}
          }
        }
        if (ids.stream()
            .allMatch(id -> counts.containsKey(id) && counts.get(id)[1] + counts.get(id)[2] > 0)) {
          return counts;
        }
        Thread.sleep(500);
      }
    }
    return counts;
  }

  private void awaitMembers(ChorusProcess p, int members) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonObject ready = null;
    while (System.nanoTime() < deadline) {
      ready = ClusterProcesses.ready(web, p);
      if (ready.getJsonObject("cluster").getJsonArray("members").size() == members
          && "UP".equals(ready.getString("status"))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("never " + members + " members and ready: " + ready);
  }

  private static void awaitClosed(ChatClient chat) throws InterruptedException {
    for (int i = 0; i < 200 && !chat.isClosed(); i++) {
      Thread.sleep(50);
    }
    assertTrue(chat.isClosed(), "the server closed the socket");
  }
}
