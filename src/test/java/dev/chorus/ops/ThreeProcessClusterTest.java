package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.TestServices;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four real JVMs on loopback, clustered with Hazelcast (random cluster name) on the cluster
 * profile:
 *
 * <ul>
 *   <li>A: gateway + router — every chat message enters here;
 *   <li>B: interactions + identity + command + egress;
 *   <li>C: command + egress (a second instance of two stages);
 *   <li>D: command, joining later.
 * </ul>
 *
 * Replies are served by B and C, then by D too once it joins; {@code kill -9} of C under steady
 * load leaves every accepted event answered or dead-lettered (counted), each logged once, and every
 * event accepted later than 10 s after the kill answered promptly.
 */
class ThreeProcessClusterTest {

  private static final Pattern STARTED_IN = Pattern.compile("Chorus started in (\\d+) ms");
  private static final String COMMUNITY = "three";

  @TempDir Path dataDir;
  private final String schema = TestServices.newSchema();
  private final String clusterName = "chorus-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<ChorusProcess> processes = new ArrayList<>();
  private Vertx client;
  private WebClient web;

  @BeforeEach
  void setUp() {
    client = Vertx.vertx();
    web = WebClient.create(client);
  }

  @AfterEach
  void tearDown() {
    processes.forEach(ChorusProcess::close);
    web.close();
    client.close().await();
    TestServices.dropSchema(schema);
  }

  private Map<String, String> env(String roles) {
    Map<String, String> env = new HashMap<>();
    env.put("CHORUS_ROLES", roles);
    env.put("CHORUS_CLUSTER_ENABLED", "true");
    env.put("CHORUS_CLUSTER_NAME", clusterName);
    env.put("CHORUS_STORAGE_PROFILE", "cluster");
    env.put("CHORUS_PG_URL", TestServices.PG_URL);
    env.put("CHORUS_PG_SCHEMA", schema);
    env.put("CHORUS_REDIS_URL", TestServices.REDIS_URL);
    env.put("CHORUS_REDIS_KEY_PREFIX", "chorus-test-" + clusterName);
    env.put("CHORUS_DATA_DIR", dataDir.toString());
    env.put("CHORUS_HTTP_HOST", "127.0.0.1");
    // Stage processes count what their handlers processed (vertx_eventbus_processed_total).
    env.put("CHORUS_METRICS_EVENT_BUS", "true");
    env.put("CHORUS_SHUTDOWN_DRAIN_MS", "5000");
    // Four JVMs on two cores: C1 only and one GC thread keep start-up from starving the others.
    env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    return env;
  }

  private ChorusProcess start(String name, String roles) throws Exception {
    ChorusProcess p =
        ChorusProcess.start(name, env(roles), "--http-port", "0", "--config", "conf/cluster.yaml");
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  @Test
  void threeProcessesShareTheWorkAFourthTakesAShareAndAKilledOneIsRecoveredFrom() throws Exception {
    // All three at once (only B opens the database; B also keeps the community directory).
    ExecutorService starter = Executors.newFixedThreadPool(3);
    Future<ChorusProcess> startB =
        starter.submit(() -> start("B", "interactions,identity,command,egress,community"));
    Future<ChorusProcess> startA = starter.submit(() -> start("A", "gateway,router"));
    Future<ChorusProcess> startC = starter.submit(() -> start("C", "command,egress"));
    ChorusProcess a = startA.get(120, TimeUnit.SECONDS);
    ChorusProcess b = startB.get(120, TimeUnit.SECONDS);
    ChorusProcess c = startC.get(120, TimeUnit.SECONDS);
    starter.shutdown();
    System.out.printf(
        "start-up, all three together: A %d ms, B %d ms, C %d ms; CPU used to start: A %d ms, B"
            + " %d ms, C %d ms; load average %s%n",
        startedIn(a),
        startedIn(b),
        startedIn(c),
        cpuMillis(a),
        cpuMillis(b),
        cpuMillis(c),
        loadAverage());
    assertTrue(
        a.output().stream().noneMatch(l -> l.contains("PostgreSQL schema")),
        "the gateway + router process opened no database");
    awaitRoles(a, Map.of("command", 2, "egress", 2, "interactions", 1, "identity", 1));

    try (ChatClient chat = ChatClient.connect(client, a.httpPort())) {
      askPings(chat, 40);
      assertTrue(processed(b, "command") > 0, () -> "B's command stage served some: " + bus(b));
      assertTrue(processed(c, "command") > 0, () -> "C's command stage served some: " + bus(c));

      ChorusProcess d = start("D", "command");
      System.out.printf(
          "start-up: D %d ms (joining a running cluster), CPU %d ms%n", startedIn(d), cpuMillis(d));
      awaitRoles(a, Map.of("command", 3));
      askPings(chat, 60);
      assertTrue(processed(d, "command") > 0, "D joined and took a share of the commands");

      Load load = steadyLoad(chat, c, 50, 2_000, 16_000);
      System.out.printf(
          "kill -9 of C under %d events/s: %d accepted, %d answered, %d dead-lettered, %d"
              + " refused; recovered %d ms after the kill%n",
          50,
          load.acked.size(),
          load.replied.size(),
          load.acked.size() - load.replied.size(),
          load.refused,
          load.recoveredMs());
      awaitOutcomes(load.acked.keySet());
      Thread.sleep(3_000); // slips still retrying a step end as well
      Map<String, Outcome> outcomes = outcomes(load.acked.keySet());
      long deadLetters = outcomes.values().stream().filter(o -> o.deadLetters > 0).count();
      long both =
          outcomes.values().stream().filter(o -> o.deadLetters > 0 && o.replies > 0).count();
      for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
        assertEquals(1, e.getValue().events, "event " + e.getKey() + " logged once");
        assertTrue(
            e.getValue().replies + e.getValue().deadLetters > 0,
            "event " + e.getKey() + " answered or dead-lettered");
      }
      System.out.printf(
          "outcomes in the log of the %d accepted events: %d dead-lettered (%d of them also"
              + " answered), by reason %s%n",
          outcomes.size(), deadLetters, both, deadLetterReasons(load.acked.keySet()));
      assertTrue(
          load.recoveredMs() < 10_000,
          "every event accepted 10 s after the kill is answered promptly: " + load.recoveredMs());
      awaitRoles(a, Map.of("command", 2, "egress", 1));
      assertEquals(0, d.stop(30), "D leaves cleanly on SIGTERM");
      assertEquals(0, a.stop(30));
      assertEquals(0, b.stop(30));
    }
  }

  /**
   * Sends {@code n} pings and waits (30 s at most) for their replies. On a starved machine a step
   * can time out: an event without a reply must then be dead-lettered in the log, and most must be
   * answered.
   */
  private void askPings(ChatClient chat, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      chat.send(ChatClient.message(COMMUNITY, "u" + (i % 5), "!ping"));
    }
    java.util.Set<String> acked = new java.util.HashSet<>();
    java.util.Set<String> replied = new java.util.HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (replied.size() < n && System.nanoTime() < deadline) {
      JsonObject frame = chat.poll(200);
      if (frame == null) {
        continue;
      }
      if ("reply".equals(frame.getString("type"))) {
        assertEquals("pong", frame.getString("text"));
        replied.add(frame.getString("inReplyTo"));
      } else {
        assertEquals("ack", frame.getString("type"), frame.encode());
        acked.add(frame.getString("id"));
      }
    }
    assertEquals(n, acked.size(), "every ping accepted");
    assertTrue(replied.size() * 2 > n, "most pings answered: " + replied.size() + " of " + n);
    acked.removeAll(replied);
    if (!acked.isEmpty()) {
      Map<String, Outcome> rest = awaitOutcomes(acked);
      rest.forEach(
          (id, o) -> assertTrue(o.replies + o.deadLetters > 0, id + " answered or dead-lettered"));
      System.out.printf("%d of %d pings not answered on the socket: %s%n", acked.size(), n, rest);
    }
  }

  /** What a steady load saw: ack and reply times per event id, refusals, and the kill time. */
  private static final class Load {
    final Map<String, Long> acked = new LinkedHashMap<>();
    final Map<String, Long> replied = new HashMap<>();
    int refused;
    long killedAt;

    /**
     * How long after the kill the last event was accepted that got no reply within 2 s (0: none).
     */
    long recoveredMs() {
      long last = killedAt;
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        Long reply = replied.get(e.getKey());
        if (e.getValue() >= killedAt && (reply == null || reply - e.getValue() > 2_000)) {
          last = Math.max(last, e.getValue());
        }
      }
      return last - killedAt;
    }
  }

  /** {@code perSecond} pings for {@code millis}, killing {@code victim} after {@code killAfter}. */
  private static Load steadyLoad(
      ChatClient chat, ChorusProcess victim, int perSecond, long killAfter, long millis)
      throws Exception {
    Load load = new Load();
    long start = System.currentTimeMillis();
    long interval = 1000 / perSecond;
    long next = start;
    int sent = 0;
    while (System.currentTimeMillis() - start < millis) {
      long now = System.currentTimeMillis();
      if (load.killedAt == 0 && now - start >= killAfter) {
        load.killedAt = now;
        victim.close(); // kill -9
      }
      if (now >= next) {
        chat.send(ChatClient.message(COMMUNITY, "load" + (sent % 7), "!ping"));
        sent++;
        next += interval;
      }
      drain(chat, load, 2);
    }
    // The slips still running finish (or dead-letter) within a few step timeouts.
    long quiet = System.currentTimeMillis() + 8_000;
    while (System.currentTimeMillis() < quiet && load.replied.size() < load.acked.size()) {
      drain(chat, load, 100);
    }
    return load;
  }

  private static void drain(ChatClient chat, Load load, long waitMs) throws Exception {
    JsonObject frame = chat.poll(waitMs);
    while (frame != null) {
      long now = System.currentTimeMillis();
      switch (frame.getString("type")) {
        case "ack" -> load.acked.put(frame.getString("id"), now);
        case "reply" -> load.replied.putIfAbsent(frame.getString("inReplyTo"), now);
        default -> load.refused++;
      }
      frame = chat.poll(0);
    }
  }

  /** Rows per acked event in the log: events, replies and dead letters. */
  private record Outcome(int events, int replies, int deadLetters) {}

  private Map<String, Outcome> awaitOutcomes(java.util.Set<String> ids) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Map<String, Outcome> outcomes = Map.of();
    while (System.nanoTime() < deadline) {
      outcomes = outcomes(ids);
      if (outcomes.values().stream().allMatch(o -> o.replies + o.deadLetters > 0)) {
        return outcomes;
      }
      Thread.sleep(250);
    }
    return outcomes;
  }

  private Map<String, Outcome> outcomes(java.util.Set<String> ids) throws Exception {
    Map<String, int[]> counts = new HashMap<>();
    ids.forEach(id -> counts.put(id, new int[3]));
    try (Connection conn = connect();
        PreparedStatement q =
            conn.prepareStatement(
                "SELECT kind, CASE WHEN kind = 'event' THEN id ELSE in_reply_to END FROM "
                    + schema
                    + ".interactions WHERE community = ?")) {
      q.setString(1, COMMUNITY);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          int[] c = counts.get(rs.getString(2));
          if (c == null) {
            continue;
          }
          switch (rs.getString(1)) {
            case "event" -> c[0]++;
            case "reply" -> c[1]++;
            case "dead_letter" -> c[2]++;
            default -> {}
          }
        }
      }
    }
    Map<String, Outcome> outcomes = new HashMap<>();
    counts.forEach((id, c) -> outcomes.put(id, new Outcome(c[0], c[1], c[2])));
    return outcomes;
  }

  /** The dead letters of {@code ids}, counted by reason (the part before the detail). */
  private Map<String, Integer> deadLetterReasons(java.util.Set<String> ids) throws Exception {
    Map<String, Integer> reasons = new java.util.TreeMap<>();
    try (Connection conn = connect();
        PreparedStatement q =
            conn.prepareStatement(
                "SELECT in_reply_to, text FROM "
                    + schema
                    + ".interactions WHERE community = ? AND kind = 'dead_letter'")) {
      q.setString(1, COMMUNITY);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          if (!ids.contains(rs.getString(1))) {
            continue;
          }
          String reason = String.valueOf(rs.getString(2));
          int colon = reason.indexOf(':');
          reasons.merge(colon > 0 ? reason.substring(0, colon) : reason, 1, Integer::sum);
        }
      }
    }
    return reasons;
  }

  private Connection connect() throws Exception {
    var options = dev.chorus.store.pg.PgDatabase.connectOptions(TestServices.pg(schema, 1));
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase(),
        options.getUser(),
        options.getPassword());
  }

  /** Waits (60 s at most) until A's readiness shows at least these reachable instances. */
  private void awaitRoles(ChorusProcess a, Map<String, Integer> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonObject roles = null;
    while (System.nanoTime() < deadline) {
      JsonObject ready =
          web.get(a.httpPort(), "127.0.0.1", "/health/ready")
              .send()
              .await(10, TimeUnit.SECONDS)
              .bodyAsJsonObject();
      roles = ready.getJsonObject("cluster").getJsonObject("roles");
      JsonObject seen = roles;
      if (expected.entrySet().stream()
          .allMatch(e -> seen.getInteger(e.getKey(), 0).equals(e.getValue()))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("roles never became " + expected + ": " + roles);
  }

  /** What the process's handlers of {@code chorus.stage.<stage>} processed. */
  private double processed(ChorusProcess process, String stage) throws Exception {
    String scrape =
        web.get(process.httpPort(), "127.0.0.1", "/metrics")
            .send()
            .await(10, TimeUnit.SECONDS)
            .bodyAsString();
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("vertx_eventbus_processed_total{")
          && line.contains("address=\"chorus.stage." + stage + "\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The event-bus series of a process (for failure messages). */
  private String bus(ChorusProcess process) {
    try {
      return web.get(process.httpPort(), "127.0.0.1", "/metrics")
          .send()
          .await(10, TimeUnit.SECONDS)
          .bodyAsString()
          .lines()
          .filter(l -> l.startsWith("vertx_eventbus") && l.contains("stage"))
          .toList()
          .toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /**
   * CPU time (user + system) the process used so far, from {@code /proc} (-1 elsewhere): start-up
   * cost that does not depend on how busy the machine is.
   */
  private static long cpuMillis(ChorusProcess p) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10; // USER_HZ is 100 on Linux
    } catch (Exception e) {
      return -1;
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }

  private static long startedIn(ChorusProcess p) {
    for (String line : p.output()) {
      Matcher m = STARTED_IN.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return -1;
  }
}
