package dev.chorus.bench;

import dev.chorus.config.ConfigKeys;
import dev.chorus.event.EventType;
import dev.chorus.event.Step;
import dev.chorus.ops.Modules;
import dev.chorus.router.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
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
 * interaction log is checked for every acknowledged event. Each load runs {@code --rounds} times,
 * alternating echo and Chorus; the report gives every round, min / median / max of both sides and
 * of their ratio, and the per-stage budget of Chorus's rounds (the router's stage histograms from
 * {@code /metrics}, scraped when the measured window starts and ends).
 *
 * <p>With {@code --url ws://host:port/ws/chat} the generator drives a server that is already
 * running instead of starting one (no echo baseline unless {@code --baseline true}, which starts
 * the echo here); {@code --admin-key KEY} creates the community there if needed and checks the
 * newest acknowledged events against its interaction log through the admin API ({@link
 * AdminLogCheck}).
 *
 * <p>Flags: {@code --rounds 3}, {@code --rates 1000,10000,max} ({@code max} = flat out), {@code
 * --connections 50}, {@code --warmup 5s}, {@code --duration 15s}, {@code --window 100} (flat out,
 * per connection), {@code --users 100}, {@code --text !ping}, {@code --heap 512m}, {@code
 * --baseline true}, {@code --jfr false} (records the Chorus JVM to {@code
 * target/bench/webchat-*}/chorus-*.jfr), {@code --set key=value,…} (Chorus settings, e.g. {@code
 * identity.instances=2}), {@code --url}, {@code --admin-key}, {@code --community bench}.
 */
public final class WebChatBenchmark {

  private static final ConfigKeys KEYS = Modules.keys();

  private static final String COMMUNITY = "bench";
  private static final Pattern ACCEPT_BUCKET =
      Pattern.compile(
          "chorus_gateway_accept_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.Ee+-]+)");

  private record Row(
      String load,
      int round,
      String server,
      LoadGenerator.Result result,
      String missing,
      ServerProcess.Gc gc,
      Map<String, Double> serverAccept,
      StageBudget budget,
      JfrCpuShare cpu) {

    boolean baseline() {
      return missing == null;
    }
  }

  /** What one run against a server measured. */
  private record Measured(
      LoadGenerator.Result result, Map<String, Double> serverAccept, StageBudget budget) {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    List<String> rates = args.list("rates", "1000,10000,max");
    int connections = args.integer("connections", 50);
    String text = args.string("text", "!ping");
    int rounds = args.integer("rounds", 3);
    String url = args.string("url", null);
    String adminKey = args.string("admin-key", null);
    String community = args.string("community", COMMUNITY);
    boolean baseline = args.bool("baseline", url == null);
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1");
    }
    if (url != null && adminKey == null) {
      System.out.println("no --admin-key: the log check of the server at " + url + " is skipped");
    }
    List<String> stageOrder =
        RouteTable.load(Path.of("conf", "routes.yaml"))
            .slipFor(EventType.CHAT_MESSAGE)
            .map(slip -> slip.steps().stream().map(Step::stage).toList())
            .orElse(List.of());
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
        for (int round = 1; round <= rounds; round++) {
          if (baseline) {
            rows.add(runEcho(client, args, options, load, round, text, work));
          }
          rows.add(
              url == null
                  ? runChorus(client, args, options, load, round, text, work, rateText)
                  : runRemote(
                      client,
                      URI.create(url),
                      adminKey,
                      community,
                      args,
                      options,
                      load,
                      round,
                      text));
        }
      }
    } finally {
      client.close().await();
    }
    String target =
        url == null
            ? "each server in its own JVM, started fresh for every round"
            : "Chorus already running at " + url;
    Report.write("webchat", table(rows, connections, target, rounds, stageOrder));
  }

  private static Row runEcho(
      Vertx client,
      Args args,
      LoadGenerator.Options options,
      String load,
      int round,
      String text,
      Path work)
      throws Exception {
    int port = ServerProcess.freePort();
    try (ServerProcess server =
        ServerProcess.start(
            "echo-" + load.replace('/', '-').replace(' ', '-') + "-" + round,
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
      return new Row(
          load, round, "bare Vert.x echo", result, null, server.stop(), Map.of(), null, null);
    }
  }

  private static Row runChorus(
      Vertx client,
      Args args,
      LoadGenerator.Options options,
      String load,
      int round,
      String text,
      Path work,
      String tag)
      throws Exception {
    int port = ServerProcess.freePort();
    String name = "chorus-" + tag + "-" + round;
    Path dataDir = work.resolve("data-" + tag + "-" + round);
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
    Path jfr = work.toAbsolutePath().resolve(name + ".jfr");
    boolean recording = args.bool("jfr", false);
    if (recording) {
      jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
    }
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
      Measured m = measure(transport, options, () -> server.get("/metrics").body());
      ServerProcess.Gc gc = server.stop();
      LogCheck log = LogCheck.against(dataDir, COMMUNITY, m.result(), transport::seqOf);
      System.out.println("chorus  " + m.result().summary());
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
      JfrCpuShare cpu = recording && Files.exists(jfr) ? JfrCpuShare.of(jfr) : null;
      return new Row(
          load,
          round,
          "Chorus",
          m.result(),
          String.valueOf(log.missing()),
          gc,
          m.serverAccept(),
          m.budget(),
          cpu);
    }
  }

  /** The same load against a server someone else started (another process, box or cluster). */
  private static Row runRemote(
      Vertx client,
      URI url,
      String adminKey,
      String community,
      Args args,
      LoadGenerator.Options options,
      String load,
      int round,
      String text)
      throws Exception {
    WebChatTransport transport =
        WebChatTransport.forUrl(client, url, community, args.integer("users", 100), text);
    if (adminKey != null) {
      AdminLogCheck.ensureCommunity(transport.httpBase(), adminKey, community);
      transport.keepLastAcks(200);
    }
    Measured m = measure(transport, options, () -> AdminLogCheck.metrics(transport.httpBase()));
    System.out.println("chorus  " + m.result().summary());
    String missing = "-";
    if (adminKey != null) {
      AdminLogCheck check =
          AdminLogCheck.against(transport.httpBase(), adminKey, community, transport.lastAcks());
      System.out.println("  log (admin API): " + check);
      missing = check.text();
    }
    return new Row(
        load,
        round,
        "Chorus at " + url,
        m.result(),
        missing,
        null,
        m.serverAccept(),
        m.budget(),
        null);
  }

  /** A metrics scrape that may fail (the server's {@code /metrics}). */
  private interface Scrape {
    String get() throws Exception;
  }

  /**
   * Runs the load; the server's metrics are scraped when the measured window starts and when it
   * ends (accept-time quantiles and the per-stage budget of that window). A scrape that fails (an
   * overloaded server answering {@code /metrics} too late) costs only those two columns: the run
   * and its log check still count.
   */
  private static Measured measure(
      WebChatTransport transport, LoadGenerator.Options options, Scrape scrape) throws Exception {
    java.util.concurrent.CompletableFuture<String[]> scrapes =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              long t0 = System.nanoTime();
              sleepUntil(t0 + options.warmup().toNanos() + 20_000_000L);
              String before = scrapeOrNull(scrape, "start");
              sleepUntil(t0 + options.warmup().plus(options.duration()).toNanos() + 20_000_000L);
              return new String[] {before, scrapeOrNull(scrape, "end")};
            });
    LoadGenerator.Result result = new LoadGenerator(transport, options).run();
    String[] texts = scrapes.get();
    if (texts[0] == null || texts[1] == null) {
      return new Measured(result, Map.of(), null);
    }
    Map<String, Double> accept = acceptQuantiles(buckets(texts[0]), buckets(texts[1]));
    double seconds = options.duration().toNanos() / 1e9;
    boolean replies = options.expectReplies();
    long events =
        Math.round((replies ? result.repliesPerSecond() : result.acceptedPerSecond()) * seconds);
    org.HdrHistogram.Histogram perEvent = replies ? result.replyService() : result.acceptService();
    double meanMs = perEvent.getTotalCount() == 0 ? 0 : perEvent.getMean() / 1000;
    return new Measured(result, accept, StageBudget.between(texts[0], texts[1], events, meanMs));
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String scrapeOrNull(Scrape scrape, String when) {
    try {
      return scrape.get();
    } catch (Exception e) {
      System.out.println(
          "  metrics scrape at the window's "
              + when
              + " failed ("
              + e
              + "): no server-side accept time or stage budget for this run");
      return null;
    }
  }

  /** Cumulative bucket counts of the gateway's accept histogram by upper bound in seconds. */
  private static java.util.TreeMap<Double, Double> buckets(String metrics) {
    java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
    Matcher m = ACCEPT_BUCKET.matcher(metrics);
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

  private static String table(
      List<Row> rows, int connections, String target, int rounds, List<String> stageOrder) {
    StringBuilder md = new StringBuilder();
    md.append("### /ws/chat: bare Vert.x echo vs Chorus\n\n");
    md.append("Machine: ")
        .append(Report.machine())
        .append(
            String.format(
                java.util.Locale.ROOT, ", load average %.1f at the end", Report.loadAverage()))
        .append(". ")
        .append(connections)
        .append(" WebSocket connections, load generator in the benchmark JVM, ")
        .append(target)
        .append(", ")
        .append(rounds)
        .append(" rounds per load alternating echo and Chorus.\n");
    md.append(
        "Latencies in ms; at fixed rates measured from the intended send time (coordinated omission corrected).\n\n");
    md.append(
        "| load | round | server | accepted/s | replies/s | accept p50 / p99 / p99.9 | reply p50 / p99 / p99.9 "
            + "| server-side accept p50 / p99 (≤ bucket bound) | errors | missing from log | peak heap MB |\n");
    md.append("|---|---:|---|---:|---:|---|---|---|---:|---:|---:|\n");
    Row base = null;
    for (Row row : rows) {
      LoadGenerator.Result r = row.result();
      md.append("| ")
          .append(row.load())
          .append(" | ")
          .append(row.round())
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
          .append(row.baseline() ? "-" : row.missing())
          .append(" | ")
          .append(row.gc() == null ? "-" : String.valueOf(row.gc().peakHeapMb()))
          .append(" |\n");
      if (row.baseline()) {
        base = row;
      } else if (base != null && base.load().equals(row.load()) && base.round() == row.round()) {
        LoadGenerator.Result b = base.result();
        md.append("| ")
            .append(row.load())
            .append(" | ")
            .append(row.round())
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
    md.append(spread(rows));
    for (String load : rows.stream().map(Row::load).distinct().toList()) {
      StageBudget budget = null;
      JfrCpuShare cpu = null;
      for (Row row : rows) {
        if (row.load().equals(load) && row.budget() != null) {
          budget = row.budget().plus(budget);
        }
        if (row.load().equals(load) && row.cpu() != null) {
          cpu = row.cpu().plus(cpu);
        }
      }
      if (budget != null && !budget.stages().isEmpty()) {
        md.append("\n#### ")
            .append(load)
            .append(": where Chorus's time goes\n\n")
            .append(budget.table(stageOrder, "reply latency from the actual send (all rounds)"));
      }
      if (cpu != null) {
        md.append("\nThe Chorus JVM over whole runs (start-up and warm-up included), all rounds. ")
            .append(cpu.table());
      }
    }
    return md.toString();
  }

  /** Min / median / max per load over the rounds: each side, their ratio, the reply p99. */
  private static String spread(List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append("\n| load | over rounds: min / median / max | echo | Chorus | Chorus ÷ echo |\n");
    md.append("|---|---|---|---|---|\n");
    for (String load : rows.stream().map(Row::load).distinct().toList()) {
      List<Double> echoRate = new ArrayList<>();
      List<Double> chorusRate = new ArrayList<>();
      List<Double> rateRatio = new ArrayList<>();
      List<Double> echoP99 = new ArrayList<>();
      List<Double> chorusP99 = new ArrayList<>();
      List<Double> p99Ratio = new ArrayList<>();
      Row base = null;
      for (Row row : rows) {
        if (!row.load().equals(load)) {
          continue;
        }
        LoadGenerator.Result r = row.result();
        double p99 =
            r.reply().getTotalCount() == 0
                ? Double.NaN
                : r.reply().getValueAtPercentile(99) / 1000.0;
        if (row.baseline()) {
          base = row;
          echoRate.add(r.acceptedPerSecond());
          if (!Double.isNaN(p99)) {
            echoP99.add(p99);
          }
          continue;
        }
        chorusRate.add(r.acceptedPerSecond());
        if (!Double.isNaN(p99)) {
          chorusP99.add(p99);
        }
        if (base != null && base.round() == row.round()) {
          LoadGenerator.Result b = base.result();
          if (b.acceptedPerSecond() > 0) {
            rateRatio.add(r.acceptedPerSecond() / b.acceptedPerSecond());
          }
          if (!Double.isNaN(p99) && b.reply().getTotalCount() > 0) {
            p99Ratio.add(p99 / Math.max(0.001, b.reply().getValueAtPercentile(99) / 1000.0));
          }
        }
      }
      md.append("| ")
          .append(load)
          .append(" | accepted/s | ")
          .append(echoRate.isEmpty() ? "-" : Report.Spread.of(echoRate).text())
          .append(" | ")
          .append(Report.Spread.of(chorusRate).text())
          .append(" | ")
          .append(rateRatio.isEmpty() ? "-" : "**" + Report.Spread.of(rateRatio).ratios() + "**")
          .append(" |\n");
      md.append("| ")
          .append(load)
          .append(" | reply p99 ms | ")
          .append(echoP99.isEmpty() ? "-" : Report.Spread.of(echoP99).text())
          .append(" | ")
          .append(chorusP99.isEmpty() ? "-" : Report.Spread.of(chorusP99).text())
          .append(" | ")
          .append(p99Ratio.isEmpty() ? "-" : Report.Spread.of(p99Ratio).ratios())
          .append(" |\n");
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
