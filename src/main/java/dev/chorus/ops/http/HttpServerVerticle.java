package dev.chorus.ops.http;

import dev.chorus.access.AccessCache;
import dev.chorus.module.Degraded;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import dev.chorus.ops.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP port: health, metrics, the OpenAPI document, and whatever routes the process's
 * modules add ({@link HttpRoutes}: the web chat, the admin API's resources, webhooks). Several
 * instances share the port; each mounts every module's routes, so each has its own gateway (and its
 * own sockets and reply address).
 */
public final class HttpServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
  private static final long CHECK_TIMEOUT_MS = 2000;

  /**
   * Where to listen, the hard WebSocket message limit, the admin key ({@code null}: admin API
   * disabled), the storage profile shown by readiness, and the port's hardening.
   */
  public record Options(
      String host,
      int port,
      int maxWebSocketMessageBytes,
      String adminKey,
      String profile,
      HttpHardening hardening) {

    /** Plain HTTP with the default hardening (tests that mount routes of their own). */
    public Options(
        String host, int port, int maxWebSocketMessageBytes, String adminKey, String profile) {
      this(host, port, maxWebSocketMessageBytes, adminKey, profile, HttpHardening.DEFAULTS);
    }
  }

  private final Options options;
  private final Readiness readiness;
  private final PrometheusMeterRegistry prometheus;
  private final List<HttpRoutes> routes;
  private final ConnectionCaps caps;
  private final ShutdownGate gate;
  private Handler<RoutingContext> unserved = HttpServerVerticle::notFound;
  private volatile List<String> served = List.of();
  private HttpServer server;

  /** A server with connection caps of its own (one instance per process). */
  public HttpServerVerticle(
      Options options,
      Readiness readiness,
      PrometheusMeterRegistry prometheus,
      List<HttpRoutes> routes) {
    this(
        options,
        readiness,
        prometheus,
        routes,
        new ConnectionCaps(options.hardening().maxConnectionsPerAddress()));
  }

  /**
   * @param caps the process's WebSocket connection count per client address, shared by its HTTP
   *     instances
   */
  public HttpServerVerticle(
      Options options,
      Readiness readiness,
      PrometheusMeterRegistry prometheus,
      List<HttpRoutes> routes,
      ConnectionCaps caps) {
    this(options, readiness, prometheus, routes, caps, new ShutdownGate());
  }

  /**
   * @param gate the process's shutdown gate, shared by its HTTP instances: once closed, the port
   *     refuses new requests and closes its WebSockets ({@link ShutdownGate})
   */
  public HttpServerVerticle(
      Options options,
      Readiness readiness,
      PrometheusMeterRegistry prometheus,
      List<HttpRoutes> routes,
      ConnectionCaps caps,
      ShutdownGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
    this.options = Objects.requireNonNull(options, "options");
    this.caps = Objects.requireNonNull(caps, "caps");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
    this.routes = List.copyOf(routes);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HttpHardening hardening = options.hardening();
    // First: who the client is (behind trusted proxies, from their headers); the headers hold
    // whichever route answers; the cap counts every WebSocket route.
    router.route().handler(hardening.trustedProxies());
    router.route().handler(new SecurityHeaders(hardening.overlayFrameAncestors()));
    // Then, while the process stops, the refusal of everything but health and metrics.
    router.route().handler(gate);
    router.route().handler(caps);
    router
        .get("/health/live")
        .handler(ctx -> JsonResponses.send(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(prometheus.scrape()));
    router
        .get("/api/v1/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml")
                    .sendFile(ApiContract.RESOURCE));
    AccessCache access = AccessCache.shared(vertx);
    return access
        .listen()
        .compose(v -> ApiContract.load(vertx))
        .compose(
            contract -> {
              // Access (scopes declared in the document), then validation, then the modules.
              contract.mount(
                  router,
                  new AdminAuth(options.adminKey(), access, hardening.maxFailedKeysPerAddress()));
              return listen(router);
            });
  }

  private Future<?> listen(Router router) {
    List<Future<Void>> mounted = new ArrayList<>();
    for (HttpRoutes contribution : routes) {
      mounted.add(contribution.mount(vertx, router));
    }
    HttpServerOptions serverOptions =
        new HttpServerOptions()
            .setHost(options.host())
            .setPort(options.port())
            // The hard cap: a larger WebSocket frame or message closes the connection (bounded
            // memory); routes answer smaller oversized messages with an error frame.
            .setMaxWebSocketFrameSize(options.maxWebSocketMessageBytes())
            .setMaxWebSocketMessageSize(options.maxWebSocketMessageBytes());
    HttpHardening hardening = options.hardening();
    if (hardening.idleTimeoutSeconds() > 0) {
      // Read idle: WebSockets stay open while their peer answers the server's pings (decision 074).
      serverOptions
          .setReadIdleTimeout(hardening.idleTimeoutSeconds())
          .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
    if (hardening.tls()) {
      serverOptions
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(hardening.tlsCert().toString())
                  .setKeyPath(hardening.tlsKey().toString()));
    }
    return Future.all(mounted)
        .compose(
            v -> {
              // After every module's routes, also those a module adds once its mount completed.
              served = apiRoutes(router);
              router.route("/api/*").handler(unserved);
              return vertx
                  .createHttpServer(serverOptions)
                  .requestHandler(router)
                  // Bounded inflation of compressed WebSocket frames (decision 031).
                  .connectionHandler(
                      new WebSocketInflateLimit(serverOptions, options.maxWebSocketMessageBytes()))
                  .listen();
            })
        .onSuccess(
            s -> {
              server = s;
              LOG.debug(
                  "HTTP{} listening on {}:{}",
                  hardening.tls() ? "S" : "",
                  options.host(),
                  s.actualPort());
            });
  }

  /**
   * What answers an admin request no route of this process served: by default 404 {@code
   * not_found}; in a cluster, forwarding to a member that serves it. Set before deployment.
   */
  public HttpServerVerticle unserved(Handler<RoutingContext> handler) {
    this.unserved = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** The admin routes this server serves ({@code "METHOD /path/:param"}), once started. */
  public List<String> servedApi() {
    return served;
  }

  private static void notFound(RoutingContext ctx) {
    JsonResponses.error(ctx, 404, "not_found", "no such API path: " + ctx.request().path());
  }

  /** Every admin route with a method (the API's own document excepted: every process has it). */
  private static List<String> apiRoutes(Router router) {
    java.util.Set<String> api = new java.util.TreeSet<>();
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null
          || !path.startsWith("/api/")
          || path.endsWith("*")
          || path.equals("/api/v1/openapi.yaml")
          || route.methods() == null) {
        continue;
      }
      route.methods().forEach(m -> api.add(m.name() + " " + path));
    }
    return List.copyOf(api);
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void ready(RoutingContext ctx) {
    List<Future<JsonObject>> checks = new ArrayList<>();
    for (Map.Entry<String, Supplier<Future<Void>>> check : readiness.checks().entrySet()) {
      Promise<JsonObject> result = Promise.promise();
      long timer =
          vertx.setTimer(
              CHECK_TIMEOUT_MS,
              t ->
                  result.tryComplete(
                      new JsonObject()
                          .put("name", check.getKey())
                          .put("status", "DOWN")
                          .put("error", "no answer in " + CHECK_TIMEOUT_MS + " ms")));
      Future<Void> f;
      try {
        f = check.getValue().get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(
          ar -> {
            vertx.cancelTimer(timer);
            boolean degraded = ar.failed() && ar.cause() instanceof Degraded;
            JsonObject status =
                new JsonObject()
                    .put("name", check.getKey())
                    .put("status", ar.succeeded() ? "UP" : degraded ? "DEGRADED" : "DOWN");
            if (ar.failed()) {
              status.put(degraded ? "reason" : "error", String.valueOf(ar.cause().getMessage()));
            }
            result.tryComplete(status);
          });
      checks.add(result.future());
    }
    Future.join(checks)
        .onComplete(
            ar -> {
              JsonArray list = new JsonArray();
              List<String> statuses = new ArrayList<>();
              for (Future<JsonObject> check : checks) {
                list.add(check.result());
                statuses.add(check.result().getString("status"));
              }
              String overall = overall(statuses);
              boolean up = !"DOWN".equals(overall);
              JsonObject body =
                  new JsonObject()
                      .put("status", overall)
                      .put("profile", options.profile())
                      .put("checks", list);
              readiness.details().forEach((name, detail) -> body.put(name, detail.get()));
              JsonResponses.send(ctx, up ? 200 : 503, body);
            });
  }

  /**
   * The process's readiness from its checks': {@code DOWN} when any is down (HTTP 503), else {@code
   * DEGRADED} when any is degraded ({@link Degraded}; still ready, HTTP 200), else {@code UP}.
   */
  static String overall(List<String> statuses) {
    if (statuses.contains("DOWN")) {
      return "DOWN";
    }
    return statuses.contains("DEGRADED") ? "DEGRADED" : "UP";
  }
}
