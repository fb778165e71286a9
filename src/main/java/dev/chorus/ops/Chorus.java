package dev.chorus.ops;

import dev.chorus.collector.gateway.WebChatGateway;
import dev.chorus.command.CommandVerticle;
import dev.chorus.egress.EgressVerticle;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.identity.IdentityVerticle;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.ops.http.HttpServerVerticle;
import dev.chorus.router.RouteTable;
import dev.chorus.router.RouterVerticle;
import dev.chorus.store.StoreFactory;
import dev.chorus.store.Stores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Chorus process: creates Vert.x (clustered or not), opens the stores, deploys the verticles of
 * the configured roles in dependency order, and stops gracefully in reverse: stop accepting, drain
 * in-flight events, flush the interaction log, close the stores.
 */
public final class Chorus {

  private static final Logger LOG = LoggerFactory.getLogger(Chorus.class);

  private final ChorusConfig config;
  private final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ChorusMetrics metrics = new ChorusMetrics(prometheus);

  /** A deployed verticle: its deployment id and role (for logs). */
  private record Deployment(String id, String role) {}

  /** Web-chat limits not worth a configuration key yet. */
  private static final int GATEWAY_MAX_PENDING_PER_CONNECTION = 1000;

  private static final long GATEWAY_JOURNAL_TIMEOUT_MS = 10_000;
  private static final long DRAIN_POLL_MS = 20;

  /** In deployment order. */
  private final List<Deployment> deployments = new ArrayList<>();

  private Vertx vertx;
  private Stores stores;
  private int httpPort = -1;

  public Chorus(ChorusConfig config) {
    this.config = config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public ChorusMetrics metrics() {
    return metrics;
  }

  public Stores stores() {
    return stores;
  }

  /** The bound HTTP port (useful when the configured port is 0), or -1 before start. */
  public int httpPort() {
    return httpPort;
  }

  public Future<Chorus> start() {
    long started = System.nanoTime();
    RouteTable routes;
    try {
      routes = RouteTable.load(config.router().routes());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return createVertx()
        .compose(
            v -> {
              vertx = v;
              EnvelopeCodec.register(vertx);
              return StoreFactory.open(vertx, config);
            })
        .compose(
            s -> {
              stores = s;
              return deployAll(routes);
            })
        .map(
            v -> {
              LOG.info(
                  "Chorus started in {} ms: roles {}, storage {}, HTTP port {}",
                  (System.nanoTime() - started) / 1_000_000,
                  config.roles(),
                  stores.profile(),
                  httpPort);
              return this;
            })
        .recover(
            e ->
                (vertx == null ? Future.<Void>succeededFuture() : stop())
                    .transform(ignored -> Future.failedFuture(e)));
  }

  private Future<Vertx> createVertx() {
    MicrometerMetricsOptions metricsOptions =
        new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true);
    if (!config.eventBusMetrics()) {
      // Per-message meter lookups; Chorus's own per-stage metrics already describe the event flow.
      metricsOptions.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    }
    VertxOptions options = new VertxOptions().setMetricsOptions(metricsOptions);
    if (config.cluster().enabled()) {
      options.setEventBusOptions(ClusterSetup.eventBus(config.cluster()));
      return Vertx.builder()
          .with(options)
          .withMetrics(new MicrometerMetricsFactory(prometheus))
          .withClusterManager(ClusterSetup.clusterManager(config.cluster()))
          .buildClustered();
    }
    return Future.succeededFuture(
        Vertx.builder()
            .with(options)
            .withMetrics(new MicrometerMetricsFactory(prometheus))
            .build());
  }

  private Future<Void> deployAll(RouteTable routes) {
    Future<Void> chain = Future.succeededFuture();
    if (config.runs("interactions")) {
      chain =
          chain.compose(
              v ->
                  deploy(
                      "interactions",
                      config.log().instances(),
                      () ->
                          new InteractionsVerticle(
                              stores.interactions(),
                              metrics,
                              config.log().batchSize(),
                              config.log().maxQueue())));
    }
    if (config.runs("identity")) {
      chain =
          chain.compose(
              v ->
                  deploy(
                      "identity",
                      config.stages().identityInstances(),
                      () -> new IdentityVerticle(stores.identity())));
    }
    if (config.runs("command")) {
      chain =
          chain.compose(
              v ->
                  deploy(
                      "command",
                      config.stages().commandInstances(),
                      () -> new CommandVerticle(config.stages().commandPrefix())));
    }
    if (config.runs("egress")) {
      chain =
          chain.compose(
              v ->
                  deploy(
                      "egress",
                      config.stages().egressInstances(),
                      () -> new EgressVerticle(metrics)));
    }
    if (config.runs("router")) {
      chain =
          chain.compose(
              v ->
                  deploy(
                      "router",
                      config.router().instances(),
                      () ->
                          new RouterVerticle(
                              routes,
                              metrics,
                              config.router().maxInFlight(),
                              config.router().maxQueued())));
    }
    // HTTP last: the process accepts events only once everything behind the gateway is up.
    List<HttpServerVerticle> servers = new ArrayList<>();
    chain =
        chain.compose(
            v ->
                deploy(
                    "http",
                    config.http().instances(),
                    () -> {
                      HttpServerVerticle server =
                          new HttpServerVerticle(
                              new HttpServerVerticle.Options(
                                  config.http().host(),
                                  config.http().port(),
                                  config.gateway().maxFrameBytes(),
                                  config.adminKey()),
                              stores,
                              prometheus,
                              config.runs("gateway") ? this::gateway : null);
                      servers.add(server);
                      return server;
                    }));
    return chain.map(
        v -> {
          httpPort = servers.get(0).actualPort();
          return null;
        });
  }

  private WebChatGateway gateway(Vertx v) {
    ChorusConfig.Gateway g = config.gateway();
    return new WebChatGateway(
        v,
        new WebChatGateway.Options(
            g.maxTextLength(),
            g.maxFrameBytes(),
            g.allowedOrigins(),
            GATEWAY_MAX_PENDING_PER_CONNECTION,
            GATEWAY_JOURNAL_TIMEOUT_MS),
        metrics);
  }

  private Future<Void> deploy(String what, int instances, Supplier<? extends Deployable> factory) {
    return vertx
        .deployVerticle(factory, new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> deployments.add(new Deployment(id, what)))
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException("cannot start " + what + ": " + e.getMessage(), e)))
        .mapEmpty();
  }

  /**
   * Graceful stop: undeploy HTTP (no new events; sockets close), wait up to {@code
   * shutdown.drainMs} for in-flight events to finish their slips, undeploy the stages and router,
   * then the log writer (which flushes), close the stores and Vert.x.
   */
  public Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    long stopping = System.nanoTime();
    List<Deployment> reversed = new ArrayList<>(deployments);
    java.util.Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (Deployment deployment : reversed) {
      if ("router".equals(deployment.role())) {
        chain = chain.compose(v -> drain());
      }
      chain =
          chain.compose(
              v ->
                  vertx
                      .undeploy(deployment.id())
                      .onSuccess(
                          x ->
                              LOG.debug(
                                  "undeployed {} after {} ms",
                                  deployment.role(),
                                  (System.nanoTime() - stopping) / 1_000_000))
                      .recover(
                          e -> {
                            LOG.warn("undeploying {} failed: {}", deployment.role(), e.toString());
                            return Future.succeededFuture();
                          }));
    }
    deployments.clear();
    Vertx closing = vertx;
    // Context-free on purpose: Vert.x's close shuts down the event loops, so a future bound to one
    // of
    // their contexts could never deliver its result to a caller that waits for it after the fact.
    Promise<Void> stopped = Promise.promise();
    chain
        .compose(v -> stores == null ? Future.<Void>succeededFuture() : stores.close())
        .onComplete(
            ignored ->
                closing
                    .close()
                    .onComplete(
                        ar -> {
                          LOG.info(
                              "Chorus stopped in {} ms",
                              (System.nanoTime() - stopping) / 1_000_000);
                          stopped.handle(ar);
                        }));
    return stopped.future();
  }

  /** Completes once the routers hold no events, or after {@code shutdown.drainMs}. */
  private Future<Void> drain() {
    if (metrics.inFlight().get() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    long deadline = System.currentTimeMillis() + config.drainMs();
    // A periodic timer with a positive initial delay: cancelling one from its first run with delay
    // 0
    // fails inside Vert.x 5.0 and would leave this promise incomplete.
    vertx.setPeriodic(
        DRAIN_POLL_MS,
        id -> {
          long left = metrics.inFlight().get();
          if (left == 0 || System.currentTimeMillis() >= deadline) {
            vertx.cancelTimer(id);
            if (left > 0) {
              LOG.warn(
                  "shutdown: {} events still in flight after {} ms; they are in the interaction log",
                  left,
                  config.drainMs());
            }
            drained.complete();
          }
        });
    return drained.future();
  }
}
