package dev.chorus.bench;

import dev.chorus.config.ConfigKeys;
import dev.chorus.ops.Modules;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Baseline (b) against Chorus through {@code /ws/chat}: for each load, the same load generator
 * first drives a bare Vert.x WebSocket server that acknowledges and answers at once ({@link
 * EchoServer}), then a fresh Chorus (embedded profile, empty data directory). Each server runs in
 * its own JVM ({@code -Xmx512m} by default, GC log for the peak heap); after each Chorus run the
 * interaction log is checked for every acknowledged event.
 *
 * <p>Flags: {@code --rates 1000,10000,max} ({@code max} = flat out), {@code --connections 50},
 * {@code --warmup 5s}, {@code --duration 15s}, {@code --window 100} (flat out, per connection),
 * {@code --users 100}, {@code --text !ping}, {@code --heap 512m}, {@code --baseline true}, {@code
 * --jfr false} (records the Chorus JVM to {@code target/bench/webchat-*}/chorus-*.jfr), {@code
 * --set key=value,…} (Chorus settings, e.g. {@code identity.instances=2}).
 */
public final class WebChatBenchmark {

  private static final ConfigKeys KEYS = Modules.keys();

  private static final String COMMUNITY = "bench";
  private static final Pattern ACCEPT_BUCKET =
      Pattern.compile(
          "chorus_gateway_accept_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.Ee+-]+)");

  private record Row(
      String load,
      String server,
      LoadGenerator.Result result,
      LogCheck log,
      ServerProcess.Gc gc,
      Map<String, Double> serverAccept) {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    List<String> rates = args.list("rates", "1000,10000,max");
    int connections = args.integer("connections", 50);
    String text = args.string("text", "!ping");
    boolean baseline = args.bool("baseline", true);
    Path work = Path.of("target", "bench", "webchat-" + System.currentTimeMillis());
    Files.createDirectories(work);
    Vertx client =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.integer("client-threads", 2)));
    List<Row> rows = new ArrayList<>();
    try {
      for (String rateText : rates) {
        int rate = "max".equals(rateText) ? 0 : Integer.parseInt(rateText);
        LoadGenerator.Options options =
            new LoadGenerator.Options(
                connections,
                rate,
                args.duration("warmup", java.time.Duration.ofSeconds(5)),
                args.duration("duration", java.time.Duration.ofSeconds(15)),
                args.integer("window", 100),
                args.integer("max-events", 20_000_000),
                args.duration("drain", java.time.Duration.ofSeconds(15)),
                args.bool("expect-replies", text.startsWith("!")));
        String load = rate == 0 ? "flat out" : rate + "/s";
        if (baseline) {
          rows.add(runEcho(client, args, options, load, text, work));
        }
        rows.add(runChorus(client, args, options, load, text, work, rateText));
      }
    } finally {
      client.close().await();
    }
    Report.write("webchat", table(rows, connections));
  }

  private static Row runEcho(
      Vertx client, Args args, LoadGenerator.Options options, String load, String text, Path work)
      throws Exception {
    int port = ServerProcess.freePort();
    try (ServerProcess server =
        ServerProcess.start(
            "echo-" + load.replace('/', '-').replace(' ', '-'),
            EchoServer.class.getName(),
            args.string("heap", "512m"),
            List.of(),
            List.of("--port", String.valueOf(port)),
            Map.of(),
            port,
            work)) {
      WebChatTransport transport =
          new WebChatTransport(
              client, "127.0.0.1", port, COMMUNITY, args.integer("users", 100), text);
      LoadGenerator.Result result = new LoadGenerator(transport, options).run();
      System.out.println("echo    " + result.summary());
      return new Row(load, "bare Vert.x echo", result, null, server.stop(), Map.of());
    }
  }

  private static Row runChorus(
      Vertx client,
      Args args,
      LoadGenerator.Options options,
      String load,
      String text,
      Path work,
      String tag)
      throws Exception {
    int port = ServerProcess.freePort();
    Path dataDir = work.resolve("data-" + tag);
    Map<String, String> env = new HashMap<>();
    env.put(KEYS.get("http.port").env(), String.valueOf(port));
    env.put(KEYS.get("http.host").env(), "127.0.0.1");
    env.put(KEYS.get("data.dir").env(), dataDir.toAbsolutePath().toString());
    env.put(
        KEYS.get("router.routes").env(),
        Path.of("conf", "routes.yaml").toAbsolutePath().toString());
    env.put(KEYS.get("logging.level").env(), "warn");
    for (String setting : args.list("set", "")) {
      int eq = setting.indexOf('=');
      env.put(KEYS.get(setting.substring(0, eq)).env(), setting.substring(eq + 1));
    }
    List<String> jvm = new ArrayList<>();
    if (args.bool("jfr", false)) {
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + work.toAbsolutePath().resolve("chorus-" + tag + ".jfr")
              + ",settings=profile");
    }
    String name = "chorus-" + tag;
    try (ServerProcess server =
        ServerProcess.start(
            name,
            dev.chorus.ops.Main.class.getName(),
            args.string("heap", "512m"),
            jvm,
            List.of("--config", Path.of("conf", "chorus.yaml").toAbsolutePath().toString()),
            env,
            port,
            work)) {
      WebChatTransport transport =
          new WebChatTransport(
              client, "127.0.0.1", port, COMMUNITY, args.integer("users", 100), text);
      // The gateway's accept histogram is scraped when the measured window starts and when it ends.
      java.util.concurrent.CompletableFuture<java.util.TreeMap<Double, Double>> atStart =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  Thread.sleep(options.warmup().toMillis() + 20);
                  return buckets(server);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      LoadGenerator.Result result = new LoadGenerator(transport, options).run();
      Map<String, Double> accept = acceptQuantiles(atStart.get(), buckets(server));
      ServerProcess.Gc gc = server.stop();
      LogCheck log = LogCheck.against(dataDir, COMMUNITY, result, transport::seqOf);
      System.out.println("chorus  " + result.summary());
      System.out.printf(
          "  log: %d events logged, %d acknowledged but missing, %d logged but not acknowledged; heap peak %d MB, "
              + "%d GC pauses (%.0f ms total, max %.1f ms)%n",
          log.logged(),
          log.missing(),
          log.extra(),
          gc.peakHeapMb(),
          gc.pauses(),
          gc.pauseMs(),
          gc.maxPauseMs());
      return new Row(load, "Chorus", result, log, gc, accept);
    }
  }

  /** Cumulative bucket counts of the gateway's accept histogram by upper bound in seconds. */
  private static java.util.TreeMap<Double, Double> buckets(ServerProcess server) throws Exception {
    java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
    Matcher m = ACCEPT_BUCKET.matcher(server.get("/metrics").body());
    while (m.find()) {
      buckets.put(
          "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
          Double.parseDouble(m.group(2)));
    }
    return buckets;
  }

  /**
   * p50 and p99 (keys "0.5", "0.99") in ms of the accepts between two scrapes: the upper bound of
   * the bucket holding them.
   */
  static Map<String, Double> acceptQuantiles(
      java.util.TreeMap<Double, Double> before, java.util.TreeMap<Double, Double> after) {
    Map<String, Double> out = new HashMap<>();
    double total =
        after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
            - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return out;
    }
    for (double q : new double[] {0.5, 0.99}) {
      for (Map.Entry<Double, Double> bucket : after.entrySet()) {
        double inWindow = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
        if (inWindow >= q * total) {
          out.put(q == 0.5 ? "0.5" : "0.99", bucket.getKey() * 1000);
          break;
        }
      }
    }
    return out;
  }

  private static String table(List<Row> rows, int connections) {
    StringBuilder md = new StringBuilder();
    md.append("### /ws/chat: bare Vert.x echo vs Chorus\n\n");
    md.append("Machine: ")
        .append(Report.machine())
        .append(". ")
        .append(connections)
        .append(
            " WebSocket connections, load generator in the benchmark JVM, each server in its own JVM.\n");
    md.append(
        "Latencies in ms; at fixed rates measured from the intended send time (coordinated omission corrected).\n\n");
    md.append(
        "| load | server | accepted/s | replies/s | accept p50 / p99 / p99.9 | reply p50 / p99 / p99.9 "
            + "| server-side accept p50 / p99 (≤ bucket bound) | errors | missing from log | peak heap MB |\n");
    md.append("|---|---|---:|---:|---|---|---|---:|---:|---:|\n");
    Row base = null;
    for (Row row : rows) {
      LoadGenerator.Result r = row.result();
      md.append("| ")
          .append(row.load())
          .append(" | ")
          .append(row.server())
          .append(" | ")
          .append(Report.num(r.acceptedPerSecond()))
          .append(" | ")
          .append(Report.num(r.repliesPerSecond()))
          .append(" | ")
          .append(LoadGenerator.Result.ms(r.accept(), 50))
          .append(" / ")
          .append(LoadGenerator.Result.ms(r.accept(), 99))
          .append(" / ")
          .append(LoadGenerator.Result.ms(r.accept(), 99.9))
          .append(" | ")
          .append(LoadGenerator.Result.ms(r.reply(), 50))
          .append(" / ")
          .append(LoadGenerator.Result.ms(r.reply(), 99))
          .append(" / ")
          .append(LoadGenerator.Result.ms(r.reply(), 99.9))
          .append(" | ")
          .append(
              row.serverAccept().isEmpty()
                  ? "-"
                  : String.format(
                      java.util.Locale.ROOT,
                      "%.3f / %.3f",
                      row.serverAccept().getOrDefault("0.5", Double.NaN),
                      row.serverAccept().getOrDefault("0.99", Double.NaN)))
          .append(" | ")
          .append(r.errorCount() + r.unanswered())
          .append(" | ")
          .append(row.log() == null ? "-" : String.valueOf(row.log().missing()))
          .append(" | ")
          .append(row.gc() == null ? "-" : String.valueOf(row.gc().peakHeapMb()))
          .append(" |\n");
      if (row.log() == null) {
        base = row;
      } else if (base != null && base.load().equals(row.load())) {
        LoadGenerator.Result b = base.result();
        md.append("| ")
            .append(row.load())
            .append(" | **Chorus ÷ echo** | ")
            .append(Report.ratio(r.acceptedPerSecond(), b.acceptedPerSecond()))
            .append(" | ")
            .append(Report.ratio(r.repliesPerSecond(), b.repliesPerSecond()))
            .append(" | ")
            .append(ratioOf(r.accept(), b.accept(), 50))
            .append(" / ")
            .append(ratioOf(r.accept(), b.accept(), 99))
            .append(" / ")
            .append(ratioOf(r.accept(), b.accept(), 99.9))
            .append(" | ")
            .append(ratioOf(r.reply(), b.reply(), 50))
            .append(" / ")
            .append(ratioOf(r.reply(), b.reply(), 99))
            .append(" / ")
            .append(ratioOf(r.reply(), b.reply(), 99.9))
            .append(" | | | | |\n");
      }
    }
    return md.toString();
  }

  private static String ratioOf(
      org.HdrHistogram.Histogram a, org.HdrHistogram.Histogram b, double p) {
    if (a.getTotalCount() == 0 || b.getTotalCount() == 0) {
      return "-";
    }
    return Report.ratio(a.getValueAtPercentile(p), Math.max(1, b.getValueAtPercentile(p)));
  }
}
