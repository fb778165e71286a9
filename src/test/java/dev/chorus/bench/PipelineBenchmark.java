package dev.chorus.bench;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.Platforms;
import dev.chorus.event.Step;
import dev.chorus.ops.Chorus;
import dev.chorus.ops.Modules;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.router.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Baseline (a): the configured {@code chat.message} routing slip on a bare Vert.x event bus (a
 * router verticle doing one request/reply per step to no-op stage verticles, then a publish)
 * against Chorus's in-process pipeline (router, the real stages, egress, the reply log; no
 * gateway), both driven flat out by {@link PipelineDriver} sending envelopes to the ingress address
 * and counting the overlay publishes. The bare chain runs every step as a real hop; Chorus skips
 * its absent optional stages (no handler: the request fails at once), so the baseline does at least
 * as many hops.
 *
 * <p>Flags: {@code --rounds 2}, {@code --window 1000}, {@code --warmup 5s}, {@code --duration 10s},
 * {@code --users 100}, {@code --set key=value,…} (Chorus settings).
 */
public final class PipelineBenchmark {

  private static final String BARE_INGRESS = "bench.ingress";
  private static final String BARE_DONE = "bench.done";
  private static final String ORIGIN = "bench";

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int rounds = args.integer("rounds", 2);
    int window = args.integer("window", 1000);
    Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
    Duration duration = args.duration("duration", Duration.ofSeconds(10));
    int users = args.integer("users", 100);
    List<Step> slip =
        RouteTable.load(Path.of("conf", "routes.yaml"))
            .slipFor(EventType.CHAT_MESSAGE)
            .orElseThrow()
            .steps();
    List<String> stageNames = slip.stream().map(Step::stage).toList();

    List<PipelineDriver.Result> bare = new ArrayList<>();
    List<PipelineDriver.Result> chorus = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      bare.add(runBare(stageNames, window, warmup, duration, users));
      System.out.printf("round %d bare bus: %s%n", round + 1, line(bare.get(round)));
      chorus.add(runChorus(args, window, warmup, duration, users));
      System.out.printf("round %d Chorus:   %s%n", round + 1, line(chorus.get(round)));
    }

    StringBuilder md = new StringBuilder();
    md.append("### In-process pipeline: bare event bus vs Chorus\n\n");
    md.append("Machine: ")
        .append(Report.machine())
        .append(". Slip ")
        .append(stageNames)
        .append(" (")
        .append(stageNames.size())
        .append(" request/reply hops + publish), flat out with ")
        .append(window)
        .append(" envelopes in flight, ")
        .append(warmup.toSeconds())
        .append(" s warm-up + ")
        .append(duration.toSeconds())
        .append(" s per run, rounds alternate.\n\n");
    md.append(
        "| round | bare bus events/s | Chorus events/s | Chorus ÷ bare | bare p50 / p99 ms | Chorus p50 / p99 ms |\n");
    md.append("|---:|---:|---:|---:|---|---|\n");
    double bareSum = 0;
    double chorusSum = 0;
    for (int i = 0; i < rounds; i++) {
      PipelineDriver.Result b = bare.get(i);
      PipelineDriver.Result c = chorus.get(i);
      bareSum += b.perSecond();
      chorusSum += c.perSecond();
      md.append("| ")
          .append(i + 1)
          .append(" | ")
          .append(Report.num(b.perSecond()))
          .append(" | ")
          .append(Report.num(c.perSecond()))
          .append(" | ")
          .append(Report.ratio(c.perSecond(), b.perSecond()))
          .append(" | ")
          .append(LoadGenerator.Result.ms(b.latency(), 50))
          .append(" / ")
          .append(LoadGenerator.Result.ms(b.latency(), 99))
          .append(" | ")
          .append(LoadGenerator.Result.ms(c.latency(), 50))
          .append(" / ")
          .append(LoadGenerator.Result.ms(c.latency(), 99))
          .append(" |\n");
    }
    md.append("| mean | ")
        .append(Report.num(bareSum / rounds))
        .append(" | ")
        .append(Report.num(chorusSum / rounds))
        .append(" | **")
        .append(Report.ratio(chorusSum, bareSum))
        .append("** | | |\n");
    Report.write("pipeline", md.toString());
  }

  private static String line(PipelineDriver.Result r) {
    return String.format(
        java.util.Locale.ROOT,
        "%,.0f events/s, p50 %s ms, p99 %s ms (sent %d, finished %d)",
        r.perSecond(),
        LoadGenerator.Result.ms(r.latency(), 50),
        LoadGenerator.Result.ms(r.latency(), 99),
        r.sent(),
        r.finished());
  }

  private static Envelope envelope(long seq, int users) {
    String user = "u" + (seq % users);
    return new Envelope(
        new UUID(0x4000L, 0x8000_0000_0000_0000L | seq).toString(),
        Envelope.VERSION,
        EventType.CHAT_MESSAGE,
        "bench",
        Platforms.WEB,
        new Channel("bench", "bench"),
        new Author(user, user, user, List.of()),
        "!ping",
        null,
        null,
        null,
        null,
        null,
        Instant.now(),
        ORIGIN);
  }

  private static PipelineDriver.Result runBare(
      List<String> stages, int window, Duration warmup, Duration duration, int users)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EnvelopeCodec.register(vertx);
      for (String stage : stages) {
        vertx.deployVerticle(new NoOpStage("bench.stage." + stage)).await(10, TimeUnit.SECONDS);
      }
      vertx
          .deployVerticle(new BareRouter(stages.stream().map(s -> "bench.stage." + s).toList()))
          .await(10, TimeUnit.SECONDS);
      PipelineDriver driver =
          new PipelineDriver(
              BARE_INGRESS, BARE_DONE, seq -> envelope(seq, users), window, warmup, duration);
      vertx.deployVerticle(driver).await(10, TimeUnit.SECONDS);
      return driver
          .finished()
          .await(warmup.plus(duration).plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static PipelineDriver.Result runChorus(
      Args args, int window, Duration warmup, Duration duration, int users) throws Exception {
    Path dataDir = Files.createTempDirectory("chorus-pipeline-bench");
    Map<String, String> settings = new HashMap<>();
    settings.put("roles", "router,identity,command,egress,interactions");
    settings.put("http.port", "0");
    settings.put("http.host", "127.0.0.1");
    settings.put("data.dir", dataDir.toString());
    settings.put("router.routes", Path.of("conf", "routes.yaml").toString());
    settings.put("logging.level", "warn");
    for (String setting : args.list("set", "")) {
      int eq = setting.indexOf('=');
      settings.put(setting.substring(0, eq), setting.substring(eq + 1));
    }
    Chorus chorus =
        new Chorus(ChorusConfig.of(settings, Modules.discovered()))
            .start()
            .await(60, TimeUnit.SECONDS);
    try {
      PipelineDriver driver =
          new PipelineDriver(
              Addresses.INGRESS,
              Addresses.OVERLAY,
              seq -> envelope(seq, users),
              window,
              warmup,
              duration);
      chorus.vertx().deployVerticle(driver).await(10, TimeUnit.SECONDS);
      return driver
          .finished()
          .await(warmup.plus(duration).plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
    } finally {
      chorus.stop().await(60, TimeUnit.SECONDS);
    }
  }

  /** A stage that answers with what it got. */
  private static final class NoOpStage extends VerticleBase {
    private final String address;

    NoOpStage(String address) {
      this.address = address;
    }

    @Override
    public Future<?> start() {
      return vertx
          .eventBus()
          .<Envelope>consumer(address, (Message<Envelope> m) -> m.reply(m.body()))
          .completion();
    }
  }

  /**
   * The least a routing-slip router does: one request/reply per step with a timeout, then a
   * publish.
   */
  private static final class BareRouter extends VerticleBase {
    private final List<String> stages;

    BareRouter(List<String> stages) {
      this.stages = stages;
    }

    @Override
    public Future<?> start() {
      return vertx.eventBus().<Envelope>consumer(BARE_INGRESS, m -> step(m.body(), 0)).completion();
    }

    private void step(Envelope envelope, int i) {
      if (i == stages.size()) {
        vertx.eventBus().publish(BARE_DONE, envelope);
        return;
      }
      vertx
          .eventBus()
          .<Envelope>request(stages.get(i), envelope, new DeliveryOptions().setSendTimeout(2000))
          .onComplete(ar -> step(ar.succeeded() ? ar.result().body() : envelope, i + 1));
    }
  }
}
