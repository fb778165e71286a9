package dev.chorus.bench;

import dev.chorus.testing.TestChorus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM (same class path as the benchmark), so that its heap limit, GC
 * and profile are its own. Heap use is read from the GC log: the largest heap occupancy before a
 * collection is the peak the server reached.
 */
public final class ServerProcess implements AutoCloseable {

  /**
   * Flags the project's JVMs run with (Hazelcast on Java 17); see {@code chorus.jvm.flags} in
   * pom.xml.
   */
  public static final List<String> JVM_FLAGS =
      List.of(
          "--add-modules",
          "java.se",
          "--add-exports",
          "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.lang=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens",
          "java.management/sun.management=ALL-UNNAMED",
          "--add-opens",
          "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private static final Pattern GC_LINE =
      Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

  private final String name;
  private final Process process;
  private final int port;
  private final Path gcLog;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServerProcess(String name, Process process, int port, Path gcLog) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.gcLog = gcLog;
  }

  /**
   * Starts {@code mainClass} and waits until {@code GET /health/ready} answers 200.
   *
   * @param heap the -Xmx value, e.g. {@code 512m}
   * @param extraJvm more JVM flags (a JFR recording …)
   */
  public static ServerProcess start(
      String name,
      String mainClass,
      String heap,
      List<String> extraJvm,
      List<String> args,
      Map<String, String> env,
      int port,
      Path workDir)
      throws Exception {
    Files.createDirectories(workDir);
    Path gcLog = workDir.resolve(name + "-gc.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-Xmx" + heap);
    command.add("-Xlog:gc:file=" + gcLog);
    command.addAll(extraJvm);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve(name + ".out").toFile());
    // A benchmark drives few connections flat out: the web-chat limits are a person's, not its.
    builder.environment().putAll(dev.chorus.testing.TestChorus.loadLimitsEnv());
    builder.environment().putIfAbsent("CHORUS_COMMUNITY_SEED", TestChorus.COMMUNITIES);
    builder.environment().putAll(env);
    ServerProcess server = new ServerProcess(name, builder.start(), port, gcLog);
    server.awaitReady(Duration.ofSeconds(90), workDir.resolve(name + ".out"));
    return server;
  }

  /** A free TCP port on loopback (racy but fine for a benchmark). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  private void awaitReady(Duration timeout, Path out) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ":\n" + Files.readString(out));
      }
      try {
        if (get("/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " not ready after " + timeout);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Peak heap and GC pauses of the process, from its GC log. */
  public record Gc(
      long peakHeapMb, long maxHeapMb, int pauses, double pauseMs, double maxPauseMs) {}

  /** Stops the process (SIGTERM: a graceful stop), waits for it and reads its GC log. */
  public Gc stop() throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(name + " did not stop within 60 s");
    }
    long peak = 0;
    long max = 0;
    int pauses = 0;
    double total = 0;
    double maxPause = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find() && line.contains("Pause")) {
        peak = Math.max(peak, Long.parseLong(m.group(1)));
        max = Math.max(max, Long.parseLong(m.group(3)));
        double ms = Double.parseDouble(m.group(4));
        pauses++;
        total += ms;
        maxPause = Math.max(maxPause, ms);
      }
    }
    return new Gc(peak, max, pauses, total, maxPause);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
