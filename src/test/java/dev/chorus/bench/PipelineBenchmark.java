package dev.chorus.bench;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.Step;
import dev.chorus.knowledge.Fact;
import dev.chorus.knowledge.FactStore;
import dev.chorus.knowledge.NewFact;
import dev.chorus.ops.Chorus;
import dev.chorus.ops.Modules;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.router.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Flags ({@link PipelineRounds.Flags}): {@code --rounds 3}, {@code --window 1000}, {@code
 * --warmup 5s}, {@code --duration 10s}, {@code --users 100}, {@code --text "!ping"}, {@code --facts
 * false} (seed the labelled knowledge facts, for a question through knowledge search), {@code --set
 * key=value,…} (Chorus settings, e.g. {@code
 * roles=router,identity,moderation,command,knowledge,egress,interactions}). The report has each
 * round, min / median / max of both sides and of the ratio, and the per-stage budget of Chorus's
 * rounds.
 */
public final class PipelineBenchmark {

  private static final String BARE_INGRESS = "bench.ingress";
  private static final String BARE_DONE = "bench.done";

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    PipelineRounds.Flags flags = PipelineRounds.Flags.from(args, 1000);
    List<Step> slip =
        RouteTable.load(Path.of("conf", "routes.yaml"))
            .slipFor(EventType.CHAT_MESSAGE)
            .orElseThrow()
            .steps();
    List<String> stageNames = slip.stream().map(Step::stage).toList();
    PipelineRounds.run(
        "pipeline",
        "In-process pipeline: bare event bus vs Chorus",
        "bare bus",
        "Slip "
            + stageNames
            + " ("
            + stageNames.size()
            + " request/reply hops + publish), flat out",
        flags,
        stageNames,
        f -> runBare(stageNames, f),
        PipelineBenchmark::runChorus);
  }

  private static PipelineDriver.Result runBare(List<String> stages, PipelineRounds.Flags flags)
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
      return PipelineRounds.drive(vertx, BARE_INGRESS, BARE_DONE, flags, null);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static PipelineDriver.Result runChorus(PipelineRounds.Flags flags) throws Exception {
    Path dataDir = Files.createTempDirectory("chorus-pipeline-bench");
    Map<String, String> settings = new HashMap<>();
    settings.put("roles", "router,identity,command,egress,interactions");
    settings.put("http.port", "0");
    settings.put("http.host", "127.0.0.1");
    settings.put("data.dir", dataDir.toString());
    settings.put("router.routes", Path.of("conf", "routes.yaml").toString());
    settings.put("logging.level", "warn");
    settings.putAll(flags.settings()); // --roles and --set replace the defaults above
    Chorus chorus =
        new Chorus(ChorusConfig.of(settings, Modules.discovered()))
            .start()
            .await(60, TimeUnit.SECONDS);
    try {
      if (flags.facts()) {
        seedFacts(chorus);
      }
      return PipelineRounds.drive(
          chorus.vertx(),
          Addresses.INGRESS,
          Addresses.OVERLAY,
          flags,
          PipelineRounds.metricsOf(chorus));
    } finally {
      chorus.stop().await(60, TimeUnit.SECONDS);
    }
  }

  /**
   * With {@code --facts true}: the labelled knowledge set's facts (the ones {@code
   * KnowledgeEvaluationTest} reads), approved in the benchmark's community, so that a question
   * ({@code --text "!ask …"}) is searched against a real index (the warm-up gives the index time to
   * take them).
   */
  private static void seedFacts(Chorus chorus) throws Exception {
    FactStore facts = chorus.port(FactStore.class);
    JsonArray all;
    try (var in = PipelineBenchmark.class.getResourceAsStream("/knowledge/eval.json")) {
      all =
          new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getJsonArray("facts");
    }
    for (int i = 0; i < all.size(); i++) {
      String text = all.getJsonObject(i).getString("text");
      facts
          .add(
              new NewFact("bench", Fact.Kind.FACT, "eval-" + i, text, "bench", "bench", null, null),
              "bench")
          .await(30, TimeUnit.SECONDS);
    }
    System.out.println("seeded " + all.size() + " approved facts in community bench");
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
