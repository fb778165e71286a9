package dev.chorus.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * CPU share per stage from a JFR recording: every {@code jdk.ExecutionSample} (a thread seen
 * running Java code) is charged to the Chorus package of the frame nearest the leaf — {@code
 * dev.chorus.identity…} to identity, {@code dev.chorus.interactions…} to the log writer, and so on
 * — skipping the shared packages ({@code event}, {@code metrics}, {@code store}, {@code config})
 * whose work is done for the caller. A sample with no Chorus frame is the runtime's (Vert.x, Netty,
 * the JDK: event-bus dispatch, I/O, codecs called from there). JIT and GC threads are not sampled,
 * so this is the split of the application's CPU, not of the machine's.
 */
final class JfrCpuShare {

  private static final List<String> SHARED =
      List.of("event", "metrics", "store", "config", "testing");

  private final Map<String, Long> samples;
  private final long total;

  private JfrCpuShare(Map<String, Long> samples, long total) {
    this.samples = samples;
    this.total = total;
  }

  /** Starts a recording of this JVM with the {@code profile} settings (for in-process runs). */
  static Recording start() throws Exception {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.start();
    return recording;
  }

  /** Stops the recording, dumps it to {@code file} and reads it. */
  static JfrCpuShare stop(Recording recording, Path file) throws IOException {
    recording.stop();
    recording.dump(file);
    recording.close();
    return of(file);
  }

  static JfrCpuShare of(Path file) throws IOException {
    Map<String, Long> samples = new TreeMap<>();
    long total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
        continue;
      }
      total++;
      samples.merge(owner(event.getStackTrace()), 1L, Long::sum);
    }
    return new JfrCpuShare(samples, total);
  }

  /** The owner of a sample: a Chorus package below {@code dev.chorus}, or the runtime. */
  static String owner(RecordedStackTrace stack) {
    if (stack == null) {
      return "(no stack)";
    }
    String shared = null;
    for (RecordedFrame frame : stack.getFrames()) {
      if (frame.getMethod() == null || frame.getMethod().getType() == null) {
        continue;
      }
      String pkg = area(frame.getMethod().getType().getName());
      if (pkg == null) {
        continue;
      }
      if (SHARED.contains(pkg)) {
        shared = shared == null ? pkg : shared;
        continue;
      }
      return pkg;
    }
    return shared != null ? shared : "(runtime: Vert.x, Netty, JDK)";
  }

  /** {@code identity} for {@code dev.chorus.identity.h2.X}; {@code bench} is the driver. */
  static String area(String className) {
    if (!className.startsWith("dev.chorus.")) {
      return null;
    }
    String rest = className.substring("dev.chorus.".length());
    int dot = rest.indexOf('.');
    String pkg = dot < 0 ? rest : rest.substring(0, dot);
    return "bench".equals(pkg) ? "(benchmark driver)" : pkg;
  }

  long total() {
    return total;
  }

  /** Two recordings together (rounds of one run). */
  JfrCpuShare plus(JfrCpuShare other) {
    if (other == null) {
      return this;
    }
    Map<String, Long> sum = new TreeMap<>(samples);
    other.samples.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return new JfrCpuShare(sum, total + other.total);
  }

  /** A markdown table, largest share first. */
  String table() {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "CPU share by Chorus package (JFR execution samples, %,d in all):%n%n",
            total));
    md.append("| package | samples | share |\n|---|---:|---:|\n");
    Map<String, Long> sorted = new LinkedHashMap<>();
    samples.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.forEach(
        (pkg, n) ->
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.1f %% |%n",
                    pkg,
                    n,
                    total == 0 ? 0.0 : 100.0 * n / total)));
    return md.toString();
  }
}
