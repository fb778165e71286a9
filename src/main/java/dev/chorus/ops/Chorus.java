package dev.chorus.ops;

import dev.chorus.event.EnvelopeCodec;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.ops.cluster.ApiForwarding;
import dev.chorus.ops.cluster.ClusterView;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.ops.http.ConnectionCaps;
import dev.chorus.ops.http.HttpServerVerticle;
import dev.chorus.ops.http.ShutdownGate;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Chorus process, the composition root: creates Vert.x (clustered or not), opens the ports the
 * configured roles need ({@link Ports}), lets each role's module deploy itself in phase order, then
 * starts the HTTP port with the routes the modules added. It stops in reverse: stop accepting,
 * drain in-flight events, undeploy the rest (the log writer flushes), close the stores.
 *
 * <p>It knows nothing about any particular module: roles, keys, ports and deployments all come from
 * the modules ({@link dev.chorus.module.ChorusModule}).
 */
public final class Chorus {

  private static final Logger LOG = LoggerFactory.getLogger(Chorus.class);
  private static final long DRAIN_POLL_MS = 20;
  private static final String HTTP = "http";

  /** A deployed verticle: its deployment id, the role it belongs to, its phase and instances. */
  private record Deployment(String id, String role, Phase phase, int instances) {}

  private final ChorusConfig config;
  private final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ChorusMetrics metrics = new ChorusMetrics(prometheus);
  private final Readiness readiness = new Readiness();
  private final ShutdownGate gate = new ShutdownGate();

  /** In deployment order. */
  private final List<Deployment> deployments = new CopyOnWriteArrayList<>();

  private final List<HttpRoutes> routes = new ArrayList<>();
  private Vertx vertx;
  private HazelcastClusterManager clusterManager;
  private ClusterView cluster;
  private Ports ports;
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

  /** The adapter behind a port this process opened (tests and tools). */
  public <T> T port(Class<T> port) {
    return ports.get(port);
  }

  /** The names of the readiness checks this process registered. */
  public List<String> readinessChecks() {
    return readiness.names();
  }

  /** This process's view of its cluster (members, reachable roles); null before start. */
  public ClusterView cluster() {
    return cluster;
  }

  /** The bound HTTP port (useful when the configured port is 0), or -1 before start. */
  public int httpPort() {
    return httpPort;
  }

  public Future<Chorus> start() {
    long started = System.nanoTime();
    Set<Class<?>> needed = new HashSet<>();
    config.modules().forEach(m -> needed.addAll(m.module().ports()));
    return createVertx()
        .compose(
            v -> {
              vertx = v;
              EnvelopeCodec.register(vertx);
              return Ports.open(vertx, config, needed);
            })
        .compose(
            p -> {
              ports = p;
              ports.registerReadiness(readiness);
              return deployModules();
            })
        .compose(v -> startCluster())
        .compose(v -> startHttp())
        .map(
            v -> {
              LOG.info(
                  "Chorus started in {} ms: roles {}, storage {}, HTTP port {}",
                  (System.nanoTime() - started) / 1_000_000,
                  config.modules().stream().map(ChorusConfig.Configured::name).toList(),
                  config.storage().profile(),
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
    } else {
      // Per address, so an operator sees which process serves how much of each stage; only
      // Chorus's own (bounded) addresses, never the per-request reply addresses.
      metricsOptions
          .setLabels(EnumSet.of(Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE))
          .addLabelMatch(
              new Match()
                  .setDomain(MetricsDomain.EVENT_BUS)
                  .setLabel(Label.EB_ADDRESS.toString())
                  .setType(MatchType.REGEX)
                  .setValue("chorus\\..*"));
    }
    VertxOptions options = new VertxOptions().setMetricsOptions(metricsOptions);
    var builder =
        Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(prometheus));
    if (config.cluster().enabled()) {
      options.setEventBusOptions(ClusterSetup.eventBus(config.cluster()));
      clusterManager = ClusterSetup.clusterManager(config.cluster());
      return builder.withClusterManager(clusterManager).buildClustered();
    }
    return Future.succeededFuture(builder.build());
  }

  /** Each module in phase order; a phase starts once the previous module is up. */
  private Future<Void> deployModules() {
    Future<Void> chain = Future.succeededFuture();
    for (ChorusConfig.Configured<?> module : config.modules()) {
      chain =
          chain.compose(
              v ->
                  module
                      .deploy(new Context(module))
                      .recover(
                          e ->
                              Future.failedFuture(
                                  new IllegalStateException(
                                      "cannot start " + module.name() + ": " + e.getMessage(),
                                      e))));
    }
    return chain;
  }

  /**
   * Publishes this process's roles to the cluster once they are deployed and adds the cluster's
   * readiness checks: {@code cluster} (a member, not leaving) and {@code roles} (every role a role
   * of this process needs has an instance somewhere, {@link dev.chorus.module.ChorusModule#needs}).
   */
  private Future<Void> startCluster() {
    Map<String, Integer> own = new TreeMap<>();
    deployments.forEach(d -> own.merge(d.role(), d.instances(), Math::max));
    config.modules().forEach(m -> own.putIfAbsent(m.name(), 1));
    cluster = new ClusterView(vertx, config.cluster().name(), clusterManager, own, metrics);
    Map<String, Set<String>> needs = new TreeMap<>();
    for (ChorusConfig.Configured<?> module : config.modules()) {
      if (!module.module().needs().isEmpty()) {
        needs.put(module.name(), Set.copyOf(module.module().needs()));
      }
    }
    if (cluster.clustered()) {
      readiness.register("cluster", cluster::joined);
    }
    if (!needs.isEmpty()) {
      readiness.register("roles", () -> cluster.reachable(needs));
    }
    readiness.detail("cluster", cluster::describe);
    return cluster.start();
  }

  /** The HTTP port last: the process accepts events only once everything behind it is up. */
  private Future<Void> startHttp() {
    List<HttpServerVerticle> servers = new CopyOnWriteArrayList<>();
    HttpServerVerticle.Options options =
        new HttpServerVerticle.Options(
            config.http().host(),
            config.http().port(),
            config.http().maxWebSocketMessageBytes(),
            config.adminKey(),
            config.storage().profile(),
            config.http().hardening());
    ConnectionCaps caps = new ConnectionCaps(config.http().hardening().maxConnectionsPerAddress());
    readiness.register("shutdown", gate::check);
    return deploy(
            HTTP,
            Phase.EDGE,
            config.http().instances(),
            () -> {
              HttpServerVerticle server =
                  new HttpServerVerticle(options, readiness, prometheus, routes, caps, gate);
              if (cluster.clustered()) {
                server.unserved(ApiForwarding.forwarder(vertx, cluster));
              }
              servers.add(server);
              return server;
            })
        .compose(
            v -> {
              httpPort = servers.get(0).actualPort();
              if (!cluster.clustered()) {
                return Future.succeededFuture();
              }
              // Members whose HTTP ports lack a route forward its requests here (decision 136).
              return ApiForwarding.serve(
                      vertx,
                      cluster.node(),
                      config.http().host(),
                      httpPort,
                      config.http().hardening().tls())
                  .compose(consumer -> cluster.serve(servers.get(0).servedApi()));
            });
  }

  private Future<Void> deploy(
      String role, Phase phase, int instances, Supplier<? extends Deployable> factory) {
    return vertx
        .deployVerticle(factory, new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> deployments.add(new Deployment(id, role, phase, instances)))
        .mapEmpty();
  }

  /**
   * Graceful stop (decisions 067 and 135): withdraw this process's roles from the cluster view and
   * close the {@link ShutdownGate} (not ready; new requests get 503, open WebSockets a close frame
   * 1001), undeploy the collectors (no new events), wait up to {@code shutdown.drainMs} for
   * in-flight events to finish their slips — and at least {@code shutdown.notReadyMs} since the
   * gate closed — then close the HTTP port, undeploy the router, the stages and then the log writer
   * (which flushes), close the stores, and only then leave the cluster (closing Vert.x): until the
   * last step this process still answers what is sent to it.
   */
  public Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    long stopping = System.nanoTime();
    List<Deployment> reversed = new ArrayList<>(deployments);
    Collections.reverse(reversed);
    // Edge deployments first, whatever order they were added in; the HTTP port after the other
    // edge deployments: it answers health and refuses the rest until the drain is over.
    reversed.sort(
        (a, b) -> {
          int byPhase = Integer.compare(b.phase().ordinal(), a.phase().ordinal());
          return byPhase != 0 ? byPhase : Boolean.compare(isHttp(a), isHttp(b));
        });
    Future<Void> chain = cluster == null ? Future.succeededFuture() : cluster.withdraw();
    chain =
        chain.map(
            v -> {
              gate.close();
              return null;
            });
    boolean drained = false;
    for (Deployment deployment : reversed) {
      if (!drained && (isHttp(deployment) || deployment.phase() != Phase.EDGE)) {
        drained = true;
        chain = chain.compose(v -> drain(stopping));
      }
      chain = chain.compose(v -> undeploy(deployment, stopping));
    }
    if (!drained) {
      chain = chain.compose(v -> drain(stopping));
    }
    deployments.clear();
    Vertx closing = vertx;
    // Context-free on purpose: Vert.x's close shuts down the event loops, so a future bound to one
    // of their contexts could never deliver its result to a caller that waits for it after the
    // fact.
    Promise<Void> stopped = Promise.promise();
    chain
        .compose(v -> ports == null ? Future.<Void>succeededFuture() : ports.close())
        .onComplete(
            ignored -> {
              if (cluster != null) {
                cluster.close();
              }
              closing
                  .close()
                  .onComplete(
                      ar -> {
                        LOG.info(
                            "Chorus stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
                        stopped.handle(ar);
                      });
            });
    return stopped.future();
  }

  private static boolean isHttp(Deployment deployment) {
    return HTTP.equals(deployment.role());
  }

  private Future<Void> undeploy(Deployment deployment, long stopping) {
    return vertx
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
            });
  }

  /**
   * Completes once the routers hold no events and {@code shutdown.notReadyMs} have passed since
   * {@code stopping}, or after {@code shutdown.drainMs} (whichever is later for the first).
   */
  private Future<Void> drain(long stopping) {
    long notReadyUntil = stopping + config.notReadyMs() * 1_000_000;
    if (metrics.inFlight().get() == 0 && System.nanoTime() >= notReadyUntil) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    long deadline = System.nanoTime() + config.drainMs() * 1_000_000;
    long started = System.nanoTime();
    // A periodic timer with a positive initial delay: cancelling one from its first run with delay
    // 0 fails inside Vert.x 5.0 and would leave this promise incomplete.
    vertx.setPeriodic(
        DRAIN_POLL_MS,
        id -> {
          long left = metrics.inFlight().get();
          long now = System.nanoTime();
          boolean over = left == 0 || now >= deadline;
          if (over && now >= notReadyUntil) {
            vertx.cancelTimer(id);
            if (left > 0) {
              LOG.warn(
                  "shutdown: {} events still in flight after {} ms; they are in the interaction log",
                  left,
                  config.drainMs());
            } else {
              LOG.info("shutdown: in-flight events drained in {} ms", (now - started) / 1_000_000);
            }
            drained.complete();
          }
        });
    return drained.future();
  }

  /** What one module sees while it deploys: only the ports it declared. */
  private final class Context implements ModuleContext {

    private final ChorusConfig.Configured<?> module;

    Context(ChorusConfig.Configured<?> module) {
      this.module = module;
    }

    @Override
    public Vertx vertx() {
      return vertx;
    }

    @Override
    public ChorusMetrics metrics() {
      return metrics;
    }

    @Override
    public <T> T port(Class<T> port) {
      if (!module.module().ports().contains(port)) {
        throw new IllegalStateException(
            "module " + module.name() + " did not declare port " + port.getSimpleName());
      }
      return ports.get(port);
    }

    @Override
    public Future<Void> deploy(int instances, Supplier<? extends Deployable> factory) {
      return Chorus.this.deploy(module.name(), module.module().phase(), instances, factory);
    }

    @Override
    public void http(HttpRoutes contribution) {
      routes.add(contribution);
    }

    @Override
    public void readiness(String name, Supplier<Future<Void>> check) {
      readiness.register(name, check);
    }

    @Override
    public Path dataDir() {
      return config.dataDir();
    }

    @Override
    public boolean clustered() {
      return config.cluster().enabled();
    }
  }
}
