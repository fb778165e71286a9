package dev.chorus.bench;

import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The load side of {@code scripts/chaos-pg-stop}, {@code chaos-pg-freeze} and {@code
 * chaos-redis-stop}: one cluster-profile Chorus (its own process, no Hazelcast) on the PostgreSQL
 * and Redis the script started, {@code !ping}s at a steady rate on several sockets while the script
 * stops or freezes a store, then a wait until the journal has nothing unfinished. Prints what was
 * accepted, answered (a reply frame), in the log and lost; exits 1 when an acknowledged event is
 * missing from the log or logged twice. Loopback only, bounded by {@code --seconds} and the drain
 * limit.
 *
 * <p>Options: {@code --pg-url}, {@code --redis-url}, {@code --seconds 60}, {@code --rate 40},
 * {@code --connections 4}, {@code --drain-seconds 120}.
 */
public final class ChaosStores {

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String pgUrl = args.string("pg-url", "postgresql://127.0.0.1:5432/chaos");
    String redisUrl = args.string("redis-url", "redis://127.0.0.1:6379");
    int seconds = args.integer("seconds", 60);
    int rate = args.integer("rate", 40);
    int connections = args.integer("connections", 4);
    int drainSeconds = args.integer("drain-seconds", 120);
    Path dataDir = Files.createTempDirectory("chorus-chaos-stores");
    Map<String, String> env = new HashMap<>();
    env.put("CHORUS_CLUSTER_ENABLED", "false");
    env.put("CHORUS_STORAGE_PROFILE", "cluster");
    env.put("CHORUS_PG_URL", pgUrl);
    env.put("CHORUS_PG_SCHEMA", "chorus");
    env.put("CHORUS_PG_CONNECT_TIMEOUT_MS", "1000");
    env.put("CHORUS_REDIS_URL", redisUrl);
    env.put("CHORUS_DATA_DIR", dataDir.toString());
    env.put("CHORUS_HTTP_HOST", "127.0.0.1");
    env.put("CHORUS_ADMIN_KEY", TestChorus.ADMIN_KEY);
    env.put("CHORUS_LOG_RESUME_AFTER_MS", "5000");
    env.put("CHORUS_LOG_RESUME_CHECK_MS", "500");
    env.putAll(TestChorus.loadLimitsEnv());
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    int code;
    try (ChorusProcess chorus =
        ChorusProcess.start("chaos", env, "--http-port", "0", "--config", "conf/cluster.yaml")) {
      code = run(vertx, web, chorus.httpPort(), seconds, rate, connections, drainSeconds);
      chorus.stop(30);
    } finally {
      web.close();
      vertx.close().await();
    }
    System.exit(code);
  }

  private static int run(
      Vertx vertx, WebClient web, int port, int seconds, int rate, int connections, int drainSecs)
      throws Exception {
    List<ChatClient> chats = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      chats.add(ChatClient.connect(vertx, port));
    }
    Set<String> acked = new HashSet<>();
    Set<String> answered = new HashSet<>();
    Map<String, Integer> refusals = new HashMap<>();
    int sent = 0;
    System.out.println("LOAD STARTED");
    long gap = 1_000_000_000L / Math.max(1, rate);
    long start = System.nanoTime();
    long next = start;
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long report = start + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      chats.get(sent % connections).send(ChatClient.message("load", "u" + (sent % 13), "!ping"));
      sent++;
      next += gap;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      collect(chats, acked, answered, refusals);
      if (System.nanoTime() > report) {
        report += TimeUnit.SECONDS.toNanos(5);
        System.out.printf(
            "t=%ds sent %d, acknowledged %d, answered %d, refused %s%n",
            (System.nanoTime() - start) / 1_000_000_000L,
            sent,
            acked.size(),
            answered.size(),
            refusals);
      }
    }
    long unfinished = -1;
    long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSecs);
    while (System.nanoTime() < drainEnd && unfinished != 0) {
      Thread.sleep(500);
      collect(chats, acked, answered, refusals);
      try {
        unfinished =
            web.get(port, "127.0.0.1", "/api/v1/journal")
                .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
                .send()
                .await(10, TimeUnit.SECONDS)
                .bodyAsJsonObject()
                .getLong("unfinished");
      } catch (Exception e) {
        unfinished = -1; // the store is still coming back
      }
    }
    Thread.sleep(2_000);
    collect(chats, acked, answered, refusals);
    chats.forEach(ChatClient::close);
    Map<String, Integer> events = new HashMap<>();
    Set<String> outcomes = new HashSet<>();
    Set<String> deadLettered = new HashSet<>();
    try (AdminClient admin = new AdminClient(vertx, port)) {
      for (JsonObject row : admin.interactions("load", 1_000)) {
        switch (row.getString("kind")) {
          case "event" -> events.merge(row.getString("id"), 1, Integer::sum);
          case "reply" -> outcomes.add(row.getString("inReplyTo"));
          case "dead_letter" -> {
            outcomes.add(row.getString("inReplyTo"));
            deadLettered.add(row.getString("inReplyTo"));
          }
          default -> {}
        }
      }
    }
    deadLettered.retainAll(acked);
    int inLog = 0;
    int lost = 0;
    int twice = 0;
    int withOutcome = 0;
    for (String id : acked) {
      int n = events.getOrDefault(id, 0);
      inLog += n > 0 ? 1 : 0;
      lost += n == 0 ? 1 : 0;
      twice += n > 1 ? 1 : 0;
      withOutcome += outcomes.contains(id) ? 1 : 0;
    }
    System.out.printf(
        "RESULT sent %d, accepted %d, refused %s, answered %d (reply frame), with an outcome in the"
            + " log %d (dead-lettered %d), in the log %d, logged twice %d, lost %d, unfinished %d%n",
        sent,
        acked.size(),
        refusals,
        answered.size(),
        withOutcome,
        deadLettered.size(),
        inLog,
        twice,
        lost,
        unfinished);
    return lost + twice == 0 && !acked.isEmpty() ? 0 : 1;
  }

  private static void collect(
      List<ChatClient> chats,
      Set<String> acked,
      Set<String> answered,
      Map<String, Integer> refusals)
      throws InterruptedException {
    for (ChatClient chat : chats) {
      JsonObject frame;
      while ((frame = chat.poll(0)) != null) {
        switch (String.valueOf(frame.getString("type"))) {
          case "ack" -> acked.add(frame.getString("id"));
          case "reply" -> answered.add(frame.getString("inReplyTo"));
          case "error" -> refusals.merge(String.valueOf(frame.getString("code")), 1, Integer::sum);
          default -> {}
        }
      }
    }
  }
}
