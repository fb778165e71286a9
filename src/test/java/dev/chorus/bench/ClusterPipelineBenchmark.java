package dev.chorus.bench;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.Step;
import dev.chorus.ops.Chorus;
import dev.chorus.ops.ClusterSetup;
import dev.chorus.ops.Modules;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.router.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Chorus's pipeline across clustered members against a bare clustered event-bus relay with the same
 * hops and the same placement, in the same run. Each member is a clustered Vert.x instance with its
 * own Hazelcast member on loopback, all in this JVM; every hop between members goes over the
 * clustered event bus's TCP connections and the envelope's JSON encoding.
 *
 * <ul>
 *   <li>A: the driver and the router ({@code router} role; bare: a relay doing one request/reply
 *       per step, then a publish and a "finished" send to B);
 *   <li>B: log writer, identity, command, egress (bare: no-op consumers on the same placement);
 *   <li>C ({@code --members 3} only): a second command and egress (bare: no-op consumers).
 * </ul>
 *
 * With {@code --members 2} (the default) this is the two-process deployment: A relays, B serves.
 * The driver keeps {@code window} envelopes in flight from A and counts the finished publishes. The
 * bare relay does the steps that have a handler (identity, command, egress, whose no-op makes the
 * one request to the log writer's member that Chorus's egress makes to journal replies); Chorus
 * also runs its absent optional steps (each fails at once locally: no handler anywhere), and does
 * the real work: the identity cache, command parsing, the reply rows and journal updates in H2. The
 * per-stage budget comes from A's router.
 *
 * <p>Flags: those of {@link PipelineRounds.Flags} ({@code --rounds 3}, {@code --window 500}, {@code
 * --warmup 5s}, {@code --duration 10s}, {@code --users 100}, {@code --set key=value,…} for every
 * member) and {@code --members 2|3}.
 */
public final class ClusterPipelineBenchmark {

  private static final List<String> HOPS = List.of("identity", "command", "egress");

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    PipelineRounds.Flags flags = PipelineRounds.Flags.from(args, 500);
    int members = args.integer("members", 2);
    if (members != 2 && members != 3) {
      throw new IllegalArgumentException("--members is 2 or 3, got " + members);
    }
    List<String> stageOrder =
        RouteTable.load(Path.of("conf", "routes.yaml"))
            .slipFor(EventType.CHAT_MESSAGE)
            .orElseThrow()
            .steps()
            .stream()
            .map(Step::stage)
            .toList();
    PipelineRounds.run(
        "cluster-pipeline",
        members + " clustered members: bare clustered relay vs Chorus",
        "bare relay",
        members
            + " clustered Vert.x instances (Hazelcast on loopback) in one JVM (A: driver + router;"
            + " B: log writer, identity, command, egress"
            + (members == 3 ? "; C: command, egress" : "")
            + "), hops "
            + HOPS
            + " (egress: + a request to B) + publish + finished notice",
        flags,
        stageOrder,
        f -> runBare(f, members),
        f -> runChorus(f, members));
    System.exit(0);
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

  private static PipelineDriver.Result runBare(PipelineRounds.Flags flags, int members)
      throws Exception {
    String name = clusterName();
    List<Vertx> started = new ArrayList<>();
    try {
      Vertx a = clustered(name);
      started.add(a);
      Vertx b = clustered(name);
      started.add(b);
      for (String hop : HOPS) {
        b.deployVerticle(new NoOp("bench.stage." + hop)).await(10, TimeUnit.SECONDS);
      }
      // The log writer's place: "finished" notices, and the replies egress journals (a hop).
      b.deployVerticle(new NoOp("bench.interactions")).await(10, TimeUnit.SECONDS);
      if (members == 3) {
        Vertx c = clustered(name);
        started.add(c);
        c.deployVerticle(new NoOp("bench.stage.command")).await(10, TimeUnit.SECONDS);
        c.deployVerticle(new NoOp("bench.stage.egress")).await(10, TimeUnit.SECONDS);
      }
      a.deployVerticle(new Relay()).await(10, TimeUnit.SECONDS);
      Thread.sleep(1000); // the registrations reach every member
      return PipelineRounds.drive(a, "bench.ingress", "bench.done", flags, null);
    } finally {
      Collections.reverse(started);
      for (Vertx v : started) {
        v.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static PipelineDriver.Result runChorus(PipelineRounds.Flags flags, int members)
      throws Exception {
    String name = clusterName();
    List<Chorus> started = new ArrayList<>();
    try {
      started.add(member(flags, name, "interactions,identity,command,egress"));
      if (members == 3) {
        started.add(member(flags, name, "command,egress"));
      }
      Chorus a = member(flags, name, "router");
      started.add(a);
      Thread.sleep(1000); // the registrations reach every member
      return PipelineRounds.drive(
          a.vertx(), Addresses.INGRESS, Addresses.OVERLAY, flags, PipelineRounds.metricsOf(a));
    } finally {
      Collections.reverse(started);
      for (Chorus member : started) {
        member.stop().await(60, TimeUnit.SECONDS);
      }
    }
  }

  private static Chorus member(PipelineRounds.Flags flags, String cluster, String roles)
      throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("roles", roles);
    settings.put("cluster.enabled", "true");
    settings.put("cluster.name", cluster);
    settings.put("http.port", "0");
    settings.put("http.host", "127.0.0.1");
    settings.put("data.dir", Files.createTempDirectory("chorus-cluster-bench").toString());
    settings.put("router.routes", Path.of("conf", "routes.yaml").toString());
    settings.put("logging.level", "warn");
    settings.putAll(flags.settings());
    return new Chorus(ChorusConfig.of(settings, Modules.discovered()))
        .start()
        .await(120, TimeUnit.SECONDS);
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
