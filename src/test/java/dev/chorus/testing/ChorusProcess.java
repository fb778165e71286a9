package dev.chorus.testing;

import dev.chorus.ops.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real launcher ({@link Main}) in a JVM of its own, on the test class path, with its output
 * collected line by line. Every process a test starts is ended by its PID ({@link #close}).
 */
public final class ChorusProcess implements AutoCloseable {

  private static final Pattern STARTED =
      Pattern.compile("Chorus started in (\\d+) ms.*HTTP port (\\d+)");

  /** Hazelcast's module flags on Java 17 (pom.xml's chorus.jvm.flags). */
  private static final List<String> JVM_FLAGS =
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

  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final String name;
  private int httpPort = -1;

  private ChorusProcess(String name, Process process) {
    this.name = name;
    this.process = process;
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
                // the process ended
              }
            },
            "output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code Main} with {@code args} and {@code env} (the test JVM's own {@code CHORUS_*}
   * variables are removed first) and waits until it reports that it started.
   */
  public static ChorusProcess start(String name, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("CHORUS_"));
    builder.environment().putAll(TestChorus.loadLimitsEnv());
    builder.environment().put("CHORUS_COMMUNITY_SEED", TestChorus.COMMUNITIES);
    builder.environment().putAll(env);
    ChorusProcess launched = new ChorusProcess(name, builder.start());
    launched.awaitStarted(90);
    return launched;
  }

  private void awaitStarted(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
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
        httpPort = Integer.parseInt(m.group(2));
        return;
      }
    }
    process.destroyForcibly();
    throw new AssertionError(name + " did not start; output:\n" + String.join("\n", seen));
  }

  public String name() {
    return name;
  }

  public int httpPort() {
    return httpPort;
  }

  public long pid() {
    return process.pid();
  }

  /** Everything the process printed so far. */
  public List<String> output() {
    lines.drainTo(seen);
    return List.copyOf(seen);
  }

  /** SIGTERM (through kill(1), which keeps our end of its output open) and waits for the exit. */
  public int stop(int seconds) throws Exception {
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not stop within " + seconds + " s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Ends the process if it still runs (kill -9). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
