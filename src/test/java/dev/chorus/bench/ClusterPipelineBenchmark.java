package dev.chorus.bench;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.Platforms;
import dev.chorus.ops.Chorus;
import dev.chorus.ops.ClusterSetup;
import dev.chorus.ops.Modules;
import dev.chorus.ops.config.ChorusConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
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
 * The three-member pipeline of {@code ThreeProcessClusterTest} against a bare clustered event-bus
 * relay with the same hops, in the same run. Three clustered Vert.x instances (each its own
 * Hazelcast member; every hop between them goes over the clustered event bus's TCP connections and
 * the envelope's JSON encoding):
 *
 * <ul>
 *   <li>A: the driver and the router ({@code router} role; bare: a relay doing one request/reply
 *       per step, then a publish and a "finished" send to B);
 *   <li>B: log writer, identity, command, egress (bare: no-op consumers on the same placement);
 *   <li>C: command, egress (bare: no-op consumers).
 * </ul>
 *
 * The driver keeps {@code window} envelopes in flight from A and counts the finished publishes. The
 * bare relay does the steps that have a handler (identity, command, egress, whose no-op makes the
 * one request to the log writer's member that Chorus's egress makes to journal replies); Chorus
 * also runs its absent optional steps (each fails at once locally: no handler anywhere), and does
 * the real work: the identity cache, command parsing, the reply rows and journal updates in H2.
 *
 * <p>Flags: {@code --rounds 2}, {@code --window 500}, {@code --warmup 5s}, {@code --duration 10s},
 * {@code --users 100}, {@code --set key=value,…} (Chorus settings for every member).
 */
public final class ClusterPipelineBenchmark {

  private static final String ORIGIN = "bench";
  private static final List<String> HOPS = List.of("identity", "command", "egress");

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int rounds = args.integer("rounds", 2);
    int window = args.integer("window", 500);
    Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
    Duration duration = args.duration("duration", Duration.ofSeconds(10));
    int users = args.integer("users", 100);
    List<PipelineDriver.Result> bare = new ArrayList<>();
    List<PipelineDriver.Result> chorus = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      bare.add(runBare(window, warmup, duration, users));
      System.out.printf("round %d bare clustered relay: %s%n", round + 1, line(bare.get(round)));
      chorus.add(runChorus(args, window, warmup, duration, users));
      System.out.printf("round %d Chorus, three members: %s%n", round + 1, line(chorus.get(round)));
    }
    StringBuilder md = new StringBuilder();
    md.append("### Three members: bare clustered relay vs Chorus\n\n")
        .append("Machine: ")
        .append(Report.machine())
        .append(". Three clustered Vert.x instances in one JVM (A: driver + router; B: log writer,")
        .append(" identity, command, egress; C: command, egress), hops ")
        .append(HOPS)
        .append(" (egress: + a request to B) + publish + finished notice, ")
        .append(window)
        .append(" envelopes in flight, ")
        .append(warmup.toSeconds())
        .append(" s warm-up + ")
        .append(duration.toSeconds())
        .append(" s per run, rounds alternate.\n\n")
        .append("| round | bare relay events/s | Chorus events/s | Chorus ÷ bare |")
        .append(" bare p50 / p99 ms | Chorus p50 / p99 ms |\n")
        .append("|---:|---:|---:|---:|---|---|\n");
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
    Report.write("cluster-pipeline", md.toString());
    System.exit(0);
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

  private static String clusterName() {
    return "chorus-bench-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Vertx clustered(String name) throws Exception {
    ChorusConfig.Cluster cluster =
        ChorusConfig.of(
                Map.of("cluster.enabled", "true", "cluster.name", name), Modules.discovered())
            .cluster();
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setEventBusOptions(ClusterSetup.eventBus(cluster)))
            .withClusterManager(ClusterSetup.clusterManager(cluster))
            .buildClustered()
            .await(60, TimeUnit.SECONDS);
    EnvelopeCodec.register(vertx);
    return vertx;
  }

  private static PipelineDriver.Result runBare(
      int window, Duration warmup, Duration duration, int users) throws Exception {
    String name = clusterName();
    Vertx a = clustered(name);
    Vertx b = clustered(name);
    Vertx c = clustered(name);
    try {
      for (String hop : HOPS) {
        b.deployVerticle(new NoOp("bench.stage." + hop)).await(10, TimeUnit.SECONDS);
      }
      // The log writer's place: "finished" notices, and the replies egress journals (a hop).
      b.deployVerticle(new NoOp("bench.interactions")).await(10, TimeUnit.SECONDS);
      c.deployVerticle(new NoOp("bench.stage.command")).await(10, TimeUnit.SECONDS);
      c.deployVerticle(new NoOp("bench.stage.egress")).await(10, TimeUnit.SECONDS);
      a.deployVerticle(new Relay()).await(10, TimeUnit.SECONDS);
      Thread.sleep(1000); // the registrations reach every member
      PipelineDriver driver =
          new PipelineDriver(
              "bench.ingress", "bench.done", seq -> envelope(seq, users), window, warmup, duration);
      a.deployVerticle(driver).await(10, TimeUnit.SECONDS);
      return driver
          .finished()
          .await(warmup.plus(duration).plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
    } finally {
      for (Vertx v : List.of(c, b, a)) {
        v.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static PipelineDriver.Result runChorus(
      Args args, int window, Duration warmup, Duration duration, int users) throws Exception {
    String name = clusterName();
    Chorus b = member(args, name, "interactions,identity,command,egress");
    Chorus c = member(args, name, "command,egress");
    Chorus a = member(args, name, "router");
    try {
      Thread.sleep(1000); // the registrations reach every member
      PipelineDriver driver =
          new PipelineDriver(
              Addresses.INGRESS,
              Addresses.OVERLAY,
              seq -> envelope(seq, users),
              window,
              warmup,
              duration);
      a.vertx().deployVerticle(driver).await(10, TimeUnit.SECONDS);
      return driver
          .finished()
          .await(warmup.plus(duration).plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
    } finally {
      for (Chorus member : List.of(a, c, b)) {
        member.stop().await(60, TimeUnit.SECONDS);
      }
    }
  }

  private static Chorus member(Args args, String cluster, String roles) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("roles", roles);
    settings.put("cluster.enabled", "true");
    settings.put("cluster.name", cluster);
    settings.put("http.port", "0");
    settings.put("http.host", "127.0.0.1");
    settings.put("data.dir", Files.createTempDirectory("chorus-cluster-bench").toString());
    settings.put("router.routes", Path.of("conf", "routes.yaml").toString());
    settings.put("logging.level", "warn");
    for (String setting : args.list("set", "")) {
      int eq = setting.indexOf('=');
      settings.put(setting.substring(0, eq), setting.substring(eq + 1));
    }
    return new Chorus(ChorusConfig.of(settings, Modules.discovered()))
        .start()
        .await(120, TimeUnit.SECONDS);
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

  /** A consumer that answers with what it got (a stage doing nothing). */
  private static final class NoOp extends VerticleBase {
    private final String address;

    NoOp(String address) {
      this.address = address;
    }

    @Override
    public Future<?> start() {
      return vertx
          .eventBus()
          .<Object>consumer(
              address,
              m -> {
                if (m.replyAddress() == null) {
                  return;
                }
                if (address.equals("bench.stage.egress")) {
                  // Egress journals the replies before it answers: one more request/reply.
                  vertx
                      .eventBus()
                      .request("bench.interactions", m.body())
                      .onComplete(ar -> m.reply(m.body()));
                } else {
                  m.reply(m.body());
                }
              })
          .completion();
    }
  }

  /** The least a routing-slip router does across members: a request/reply per hop, then done. */
  private static final class Relay extends VerticleBase {

    @Override
    public Future<?> start() {
      return vertx
          .eventBus()
          .<Envelope>consumer("bench.ingress", m -> step(m.body(), 0))
          .completion();
    }

    private void step(Envelope envelope, int i) {
      if (i == HOPS.size()) {
        vertx.eventBus().send("bench.interactions", envelope.id());
        vertx.eventBus().publish("bench.done", envelope);
        return;
      }
      vertx
          .eventBus()
          .<Envelope>request(
              "bench.stage." + HOPS.get(i), envelope, new DeliveryOptions().setSendTimeout(2000))
          .onComplete(ar -> step(ar.succeeded() ? ar.result().body() : envelope, i + 1));
    }
  }
}
