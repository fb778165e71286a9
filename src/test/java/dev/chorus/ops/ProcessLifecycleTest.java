package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher in its own JVM: start-up, SIGTERM drains and exits 0, a restart on the same
 * data directory keeps the log, and invalid configuration exits 2 naming the key.
 */
class ProcessLifecycleTest {

  private static final Pattern STARTED =
      Pattern.compile("Chorus started in (\\d+) ms.*HTTP port (\\d+)");

  @TempDir static Path dataDir;
  static Vertx client;

  @BeforeAll
  static void setUp() {
    client = Vertx.vertx();
  }

  @AfterAll
  static void tearDown() {
    client.close().await();
  }

  /** A launched Chorus process with its output collected line by line. */
  record Launched(Process process, LinkedBlockingQueue<String> lines, int port) {}

  static ProcessBuilder command(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("CHORUS_"));
    return builder;
  }

  static Launched launch() throws Exception {
    ProcessBuilder builder =
        command("--http-port", "0", "--http-host", "127.0.0.1", "--data-dir", dataDir.toString());
    builder.environment().put("CHORUS_ADMIN_KEY", TestChorus.ADMIN_KEY);
    // 20 lines from one connection in a burst, to a community the first start creates.
    builder.environment().putAll(TestChorus.loadLimitsEnv());
    builder.environment().put("CHORUS_COMMUNITY_SEED", TestChorus.COMMUNITIES);
    Process process = builder.start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        if (!process.isAlive()) {
          break;
        }
        continue;
      }
      seen.add(line);
      Matcher m = STARTED.matcher(line);
      if (m.find()) {
        System.out.println("launcher started in " + m.group(1) + " ms");
        return new Launched(process, lines, Integer.parseInt(m.group(2)));
      }
    }
    process.destroyForcibly();
    throw new AssertionError("Chorus did not start; output:\n" + String.join("\n", seen));
  }

  static int stop(Launched launched, List<String> output) throws Exception {
    // SIGTERM through kill(1): Process.destroy() would also close our end of the child's stdout.
    new ProcessBuilder("kill", "-TERM", Long.toString(launched.process().pid())).start().waitFor();
    assertTrue(
        launched.process().waitFor(30, TimeUnit.SECONDS), "did not stop within 30 s of SIGTERM");
    // the reader thread sees end-of-stream once the process is gone; collect everything it read
    for (int i = 0; i < 50 && launched.lines().isEmpty(); i++) {
      Thread.sleep(20);
    }
    Thread.sleep(200);
    launched.lines().drainTo(output);
    return launched.process().exitValue();
  }

  @Test
  void sigtermDrainsAndARestartKeepsTheLog() throws Exception {
    Launched first = launch();
    Set<String> acked = new HashSet<>();
    try (ChatClient chat = ChatClient.connect(client, first.port())) {
      for (int i = 0; i < 20; i++) {
        chat.send(ChatClient.message("restart", "u" + i, "!ping"));
      }
      while (acked.size() < 20) {
        JsonObject frame = chat.next();
        if ("ack".equals(frame.getString("type"))) {
          acked.add(frame.getString("id"));
        }
      }
    }
    List<String> output = new ArrayList<>();
    assertEquals(0, stop(first, output), "graceful stop exits 0");
    assertTrue(
        output.stream().anyMatch(l -> l.contains("Chorus stopped")),
        "output: " + String.join("\n", output));

    Launched second = launch();
    try {
      WebClient web = WebClient.create(client);
      JsonObject body =
          web.get(second.port(), "127.0.0.1", "/api/v1/communities/restart/interactions?limit=100")
              .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
              .send()
              .await(10, TimeUnit.SECONDS)
              .bodyAsJsonObject();
      web.close();
      JsonArray items = body.getJsonArray("items");
      Set<String> events = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        if ("event".equals(items.getJsonObject(i).getString("kind"))) {
          events.add(items.getJsonObject(i).getString("id"));
        }
      }
      assertEquals(acked, events, "every acknowledged event survives the restart");
    } finally {
      assertEquals(0, stop(second, new ArrayList<>()));
    }
  }

  @Test
  void invalidConfigurationExitsTwoNamingTheKey() throws Exception {
    ProcessBuilder builder = command("--data-dir", dataDir.resolve("unused").toString());
    builder.environment().put("CHORUS_LOG_BATCH_SIZE", "lots");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
    assertEquals(
        "chorus: invalid configuration: log.batchSize = 'lots' (from CHORUS_LOG_BATCH_SIZE): must be an integer between 1 and 10000",
        output.strip());
  }

  @Test
  void aSecretOnTheCommandLineExitsTwoNamingTheRule() throws Exception {
    Process process = command("--set", "admin.key=0123456789abcdef-on-the-command-line").start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
    assertEquals(
        "chorus: admin.key is a secret: set it with CHORUS_ADMIN_KEY, not with --set",
        output.strip());
  }

  @Test
  void helpListsTheRolesAndKeysOfTheModules() throws Exception {
    Process process = command("--help").start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    for (String role :
        List.of("gateway", "router", "identity", "command", "egress", "interactions")) {
      assertTrue(output.contains("  " + role + " "), role + " missing from:\n" + output);
    }
    assertTrue(output.contains("CHORUS_LOG_BATCH_SIZE"), output);
  }
}
