package dev.chorus.bench;

import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Platforms;
import dev.chorus.ops.Chorus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the pipeline benchmarks ({@link PipelineBenchmark} in one Vert.x, {@link
 * ClusterPipelineBenchmark} across clustered members) share: their flags, the envelopes, driving
 * one side with {@link PipelineDriver}, the rounds alternating baseline and Chorus, and the report
 * (each round, the spread over rounds of both sides and of their ratio, the per-stage budget).
 */
final class PipelineRounds {

  private static final String ORIGIN = "bench";

  private PipelineRounds() {}

  /**
   * The common flags: {@code --rounds 3}, {@code --window}, {@code --warmup 5s}, {@code --duration
   * 10s}, {@code --users 100}, {@code --text !ping} (what every envelope says; {@code +} stands for
   * a space, since {@code bench.args} is split at spaces), {@code --roles} (Chorus's roles, a comma
   * list), {@code --set key=value,…} (Chorus settings), {@code --jfr false} (records this JVM
   * during each Chorus window: CPU share by package, {@link JfrCpuShare}).
   */
  record Flags(
      int rounds,
      int window,
      Duration warmup,
      Duration duration,
      int users,
      String text,
      boolean facts,
      Map<String, String> settings,
      boolean jfr) {

    static Flags from(Args args, int defaultWindow) {
      Map<String, String> settings = new HashMap<>();
      for (String setting : args.list("set", "")) {
        int eq = setting.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--set takes key=value pairs, got '" + setting + "'");
        }
        settings.put(setting.substring(0, eq), setting.substring(eq + 1));
      }
      String roles = args.string("roles", "");
      if (!roles.isBlank()) {
        settings.put("roles", roles); // a comma list itself, so not through --set
      }
      int rounds = args.integer("rounds", 3);
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1");
      }
      return new Flags(
          rounds,
          args.integer("window", defaultWindow),
          args.duration("warmup", Duration.ofSeconds(5)),
          args.duration("duration", Duration.ofSeconds(10)),
          args.integer("users", 100),
          text(args.string("text", "!ping").replace('+', ' ')),
          args.bool("facts", false),
          Map.copyOf(settings),
          args.bool("jfr", false));
    }

    private static String text(String text) {
      if (text.isBlank()) {
        throw new IllegalArgumentException("--text must not be blank");
      }
      return text;
    }

    String describe() {
      return "text \""
          + text
          + "\", "
          + window
          + " envelopes in flight, "
          + warmup.toMillis() / 1000.0
          + " s warm-up + "
          + duration.toMillis() / 1000.0
          + " s per run, "
          + rounds
          + " rounds alternating baseline and Chorus";
    }
  }

  /** One side of the comparison: a fresh set-up, driven once. */
  interface Side {
    PipelineDriver.Result run(Flags flags) throws Exception;
  }

  /** A {@code chat.message} {@code !ping} from one of {@code users} authors. */
  static Envelope envelope(long seq, int users, String text) {
    String user = "u" + (seq % users);
    return new Envelope(
        new UUID(0x4000L, 0x8000_0000_0000_0000L | seq).toString(),
        Envelope.VERSION,
        EventType.CHAT_MESSAGE,
        "bench",
        Platforms.WEB,
        new Channel("bench", "bench"),
        new Author(user, user, user, List.of()),
        text,
        null,
        null,
        null,
        null,
        null,
        Instant.now(),
        ORIGIN);
  }

  /** The Prometheus text of a Chorus in this JVM (its router's stage histograms among it). */
  static Supplier<String> metricsOf(Chorus chorus) {
    return () -> ((PrometheusMeterRegistry) chorus.metrics().registry()).scrape();
  }

  private static int recordings;

  /**
   * Deploys a driver on {@code vertx} and waits for its result. With {@code metrics} (the Chorus
   * side) and {@code --jfr true}, this JVM is recorded during the measured window.
   */
  static PipelineDriver.Result drive(
      Vertx vertx, String input, String done, Flags flags, Supplier<String> metrics)
      throws Exception {
    if (metrics == null || !flags.jfr()) {
      return driveOnly(vertx, input, done, flags, metrics);
    }
    java.util.concurrent.CompletableFuture<jdk.jfr.Recording> recording =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                Thread.sleep(flags.warmup().toMillis() + 50);
                return JfrCpuShare.start();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    PipelineDriver.Result result = driveOnly(vertx, input, done, flags, metrics);
    java.nio.file.Path file =
        java.nio.file.Path.of("target", "bench", "chorus-" + (++recordings) + ".jfr");
    java.nio.file.Files.createDirectories(file.getParent());
    JfrCpuShare cpu = JfrCpuShare.stop(recording.get(), file);
    System.out.println("JFR of the Chorus window: " + file);
    return result.withCpu(cpu);
  }

  private static PipelineDriver.Result driveOnly(
      Vertx vertx, String input, String done, Flags flags, Supplier<String> metrics)
      throws Exception {
    PipelineDriver driver =
        new PipelineDriver(
            input,
            done,
            seq -> envelope(seq, flags.users(), flags.text()),
            flags.window(),
            flags.warmup(),
            flags.duration(),
            metrics);
    vertx.deployVerticle(driver).await(10, TimeUnit.SECONDS);
    return driver
        .finished()
        .await(flags.warmup().plus(flags.duration()).plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Runs the rounds (baseline, then Chorus, in each) and writes the report.
   *
   * @param baseName the baseline in the table, e.g. "bare bus"
   * @param setup one paragraph: what runs where
   * @param stageOrder the slip's stages, the order of the budget table
   */
  static void run(
      String reportName,
      String title,
      String baseName,
      String setup,
      Flags flags,
      List<String> stageOrder,
      Side bare,
      Side chorus)
      throws Exception {
    List<PipelineDriver.Result> bareResults = new ArrayList<>();
    List<PipelineDriver.Result> chorusResults = new ArrayList<>();
    for (int round = 1; round <= flags.rounds(); round++) {
      PipelineDriver.Result b = bare.run(flags);
      bareResults.add(b);
      System.out.printf("round %d %s: %s%n", round, baseName, line(b));
      PipelineDriver.Result c = chorus.run(flags);
      chorusResults.add(c);
      System.out.printf("round %d Chorus: %s%n", round, line(c));
    }
    Report.write(
        reportName, report(title, baseName, setup, flags, stageOrder, bareResults, chorusResults));
  }

  static String report(
      String title,
      String baseName,
      String setup,
      Flags flags,
      List<String> stageOrder,
      List<PipelineDriver.Result> bare,
      List<PipelineDriver.Result> chorus) {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(title).append("\n\n");
    md.append("Machine: ")
        .append(Report.machine())
        .append(". ")
        .append(setup)
        .append(", ")
        .append(flags.describe())
        .append(".\n\n");
    md.append("| round | ")
        .append(baseName)
        .append(" events/s | Chorus events/s | Chorus ÷ ")
        .append(baseName)
        .append(" | ")
        .append(baseName)
        .append(" p50 / p99 ms | Chorus p50 / p99 ms | load average (bare, Chorus) |\n");
    md.append("|---:|---:|---:|---:|---|---|---|\n");
    List<Double> bareRates = new ArrayList<>();
    List<Double> chorusRates = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> chorusP99 = new ArrayList<>();
    StageBudget budget = null;
    JfrCpuShare cpu = null;
    for (int i = 0; i < bare.size(); i++) {
      PipelineDriver.Result b = bare.get(i);
      PipelineDriver.Result c = chorus.get(i);
      bareRates.add(b.perSecond());
      chorusRates.add(c.perSecond());
      if (b.perSecond() > 0) {
        ratios.add(c.perSecond() / b.perSecond());
      }
      if (c.latency().getTotalCount() > 0) {
        chorusP99.add(c.latency().getValueAtPercentile(99) / 1000.0);
      }
      budget = c.budget() == null ? budget : c.budget().plus(budget);
      cpu = c.cpu() == null ? cpu : c.cpu().plus(cpu);
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s / %s | %s / %s | %.1f, %.1f |%n",
              i + 1,
              Report.num(b.perSecond()),
              Report.num(c.perSecond()),
              Report.ratio(c.perSecond(), b.perSecond()),
              LoadGenerator.Result.ms(b.latency(), 50),
              LoadGenerator.Result.ms(b.latency(), 99),
              LoadGenerator.Result.ms(c.latency(), 50),
              LoadGenerator.Result.ms(c.latency(), 99),
              b.loadAverage(),
              c.loadAverage()));
    }
    md.append("\n| over ")
        .append(bare.size())
        .append(" rounds | min / median / max |\n|---|---|\n");
    md.append("| ")
        .append(baseName)
        .append(" events/s | ")
        .append(Report.Spread.of(bareRates).text())
        .append(" |\n");
    md.append("| Chorus events/s | ").append(Report.Spread.of(chorusRates).text()).append(" |\n");
    md.append("| **Chorus ÷ ")
        .append(baseName)
        .append("** | **")
        .append(Report.Spread.of(ratios).ratios())
        .append("** |\n");
    md.append("| Chorus p99 ms | ").append(Report.Spread.of(chorusP99).text()).append(" |\n");
    if (budget != null) {
      md.append("\n").append(budget.table(stageOrder, "driver latency (all rounds)"));
    }
    if (cpu != null) {
      md.append("\nChorus's measured windows, all rounds (the driver runs in the same JVM). ")
          .append(cpu.table());
    }
    return md.toString();
  }

  static String line(PipelineDriver.Result r) {
    return String.format(
        Locale.ROOT,
        "%,.0f events/s, p50 %s ms, p99 %s ms (sent %d, finished %d, lost %d, load average %.1f)",
        r.perSecond(),
        LoadGenerator.Result.ms(r.latency(), 50),
        LoadGenerator.Result.ms(r.latency(), 99),
        r.sent(),
        r.finished(),
        r.lost(),
        r.loadAverage());
  }
}
