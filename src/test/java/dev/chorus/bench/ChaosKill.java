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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The long version of {@code KillRecoveryTest}, for {@code scripts/chaos-kill}: in each round an
 * embedded Chorus takes {@code !ping}s on several sockets at a steady rate and is killed with
 * SIGKILL at a random moment; the next process on the same data directory must then finish every
 * acknowledged event, and each must be in the log exactly once with an outcome (a reply or a dead
 * letter). Loopback only, its own processes only, bounded by {@code --rounds} and the per-round
 * limits; exits 1 on the first violation.
 *
 * <p>Options: {@code --rounds 3}, {@code --rate 100} (messages per second over all sockets), {@code
 * --connections 4}, {@code --max-seconds 8} (longest run before the kill).
 */
public final class ChaosKill {

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int rounds = args.integer("rounds", 3);
    int rate = args.integer("rate", 100);
    int connections = args.integer("connections", 4);
    int maxSeconds = args.integer("max-seconds", 8);
    Path dataDir = Files.createTempDirectory("chorus-chaos");
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    int failures = 0;
    try {
      for (int round = 1; round <= rounds; round++) {
        failures += round(vertx, web, dataDir, round, rate, connections, maxSeconds);
      }
    } finally {
      web.close();
      vertx.close().await();
    }
    System.out.println(
        failures == 0 ? "chaos-kill: every acknowledged event survived" : "chaos-kill: FAILED");
    System.exit(failures == 0 ? 0 : 1);
  }

  private static Map<String, String> env(Path dataDir) {
    return Map.of(
        "CHORUS_DATA_DIR", dataDir.toString(),
        "CHORUS_HTTP_HOST", "127.0.0.1",
        "CHORUS_ADMIN_KEY", TestChorus.ADMIN_KEY,
        "CHORUS_LOG_RESUME_AFTER_MS", "1000",
        "CHORUS_LOG_RESUME_CHECK_MS", "200");
  }

  private static int round(
      Vertx vertx, WebClient web, Path dataDir, int round, int rate, int connections, int maxSecs)
      throws Exception {
    String community = "chaos-" + round;
    long runMs = ThreadLocalRandom.current().nextLong(1_000, maxSecs * 1_000L + 1);
    int cap = 5_000;
    int minAcked = 20;
    Set<String> acked = new HashSet<>();
    int sent = 0;
    try (ChorusProcess first =
        ChorusProcess.start("chaos-" + round, env(dataDir), "--http-port", "0")) {
      List<ChatClient> chats = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        chats.add(ChatClient.connect(vertx, first.httpPort()));
      }
      long gapNanos = 1_000_000_000L / Math.max(1, rate);
      long start = System.nanoTime();
      long next = start;
      long hardStop = start + TimeUnit.SECONDS.toNanos(60);
      // Keep sending until the chosen moment has passed and some acks are back, so the kill
      // lands with acknowledged events and events in flight (bounded by the cap and a minute).
      while (sent < cap
          && System.nanoTime() < hardStop
          && (System.nanoTime() - start < runMs * 1_000_000L || acked.size() < minAcked)) {
        chats
            .get(sent % connections)
            .send(ChatClient.message(community, "u" + (sent % 13), "!ping"));
        sent++;
        next += gapNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        for (ChatClient chat : chats) {
          JsonObject frame;
          while ((frame = chat.poll(0)) != null) {
            if ("ack".equals(frame.getString("type"))) {
              acked.add(frame.getString("id"));
            }
          }
        }
      }
      first.close(); // SIGKILL, with the last messages still in flight
      chats.forEach(ChatClient::close);
    }
    try (ChorusProcess second =
        ChorusProcess.start("chaos-" + round + "-after", env(dataDir), "--http-port", "0")) {
      int port = second.httpPort();
      long unfinished = -1;
      for (int i = 0; i < 600 && unfinished != 0; i++) {
        unfinished = get(web, port, "/api/v1/journal").getLong("unfinished");
        Thread.sleep(100);
      }
      List<JsonObject> items;
      try (AdminClient admin = new AdminClient(vertx, port)) {
        items = admin.interactions(community, 1_000);
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
      int lost = 0;
      int twice = 0;
      int unanswered = 0;
      for (String id : acked) {
        int n = events.getOrDefault(id, 0);
        lost += n == 0 ? 1 : 0;
        twice += n > 1 ? 1 : 0;
        unanswered += outcomes.contains(id) ? 0 : 1;
      }
      System.out.printf(
          "round %d: killed after at least %d ms; %d sent, %d acknowledged, %d lost, %d logged twice,"
              + " %d without an outcome, %d unfinished%n",
          round, runMs, sent, acked.size(), lost, twice, unanswered, unfinished);
      second.stop(30);
      boolean tested = !acked.isEmpty();
      if (!tested) {
        System.out.println("round " + round + ": no acknowledgement before the kill");
      }
      return tested && lost + twice + unanswered + (unfinished == 0 ? 0 : 1) == 0 ? 0 : 1;
    }
  }

  private static JsonObject get(WebClient web, int port, String path) throws Exception {
    return web.get(port, "127.0.0.1", path)
        .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
        .send()
        .await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
  }
}
