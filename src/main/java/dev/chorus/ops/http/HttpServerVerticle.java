package dev.chorus.ops.http;

import dev.chorus.collector.gateway.WebChatGateway;
import dev.chorus.interactions.Interaction;
import dev.chorus.store.Stores;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP port: health, metrics, the admin API and its OpenAPI document, and — when this
 * process runs the gateway role — the web chat. Several instances share the port; each has its own
 * gateway (and so its own sockets and reply address).
 */
public final class HttpServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
  private static final long CHECK_TIMEOUT_MS = 2000;

  /**
   * Where to listen, the WebSocket frame limit, and the admin key ({@code null}: admin API
   * disabled).
   */
  public record Options(String host, int port, int maxFrameBytes, String adminKey) {}

  private final Options options;
  private final Stores stores;
  private final PrometheusMeterRegistry prometheus;
  private final Function<io.vertx.core.Vertx, WebChatGateway> gatewayFactory;
  private HttpServer server;

  /**
   * @param gatewayFactory creates this instance's gateway, or {@code null} without the gateway role
   */
  public HttpServerVerticle(
      Options options,
      Stores stores,
      PrometheusMeterRegistry prometheus,
      Function<io.vertx.core.Vertx, WebChatGateway> gatewayFactory) {
    this.options = Objects.requireNonNull(options, "options");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
    this.gatewayFactory = gatewayFactory;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
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
                    .sendFile("openapi/openapi.yaml"));
    AdminAuth auth = new AdminAuth(options.adminKey());
    router.route("/api/v1/*").handler(auth);
    router.get("/api/v1/communities/:community/interactions").handler(this::interactions);
    router
        .route("/api/*")
        .handler(
            ctx ->
                JsonResponses.error(
                    ctx, 404, "not_found", "no such API path: " + ctx.request().path()));

    Future<Void> gatewayReady = Future.succeededFuture();
    if (gatewayFactory != null) {
      gatewayReady = gatewayFactory.apply(vertx).mount(router);
    }
    HttpServerOptions serverOptions =
        new HttpServerOptions()
            .setHost(options.host())
            .setPort(options.port())
            // Frames a little over the gateway's limit still arrive whole so the client gets an
            // error frame
            // and keeps its connection; far larger ones close the connection (bounded memory).
            .setMaxWebSocketFrameSize(options.maxFrameBytes() * 4)
            .setMaxWebSocketMessageSize(options.maxFrameBytes() * 4);
    return gatewayReady
        .compose(v -> vertx.createHttpServer(serverOptions).requestHandler(router).listen())
        .onSuccess(
            s -> {
              server = s;
              LOG.debug("HTTP listening on {}:{}", options.host(), s.actualPort());
            });
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void ready(RoutingContext ctx) {
    List<Future<JsonObject>> checks = new ArrayList<>();
    for (Map.Entry<String, Supplier<Future<Void>>> check : stores.checks().entrySet()) {
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
            JsonObject status =
                new JsonObject()
                    .put("name", check.getKey())
                    .put("status", ar.succeeded() ? "UP" : "DOWN");
            if (ar.failed()) {
              status.put("error", String.valueOf(ar.cause().getMessage()));
            }
            result.tryComplete(status);
          });
      checks.add(result.future());
    }
    Future.join(checks)
        .onComplete(
            ar -> {
              JsonArray list = new JsonArray();
              boolean up = true;
              for (Future<JsonObject> check : checks) {
                list.add(check.result());
                up &= "UP".equals(check.result().getString("status"));
              }
              JsonResponses.send(
                  ctx,
                  up ? 200 : 503,
                  new JsonObject()
                      .put("status", up ? "UP" : "DOWN")
                      .put("profile", stores.profile())
                      .put("checks", list));
            });
  }

  private void interactions(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    int limit;
    try {
      limit =
          Integer.parseInt(
              ctx.queryParams().get("limit") == null ? "50" : ctx.queryParams().get("limit"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      JsonResponses.error(ctx, 400, "invalid_limit", "limit must be an integer from 1 to 1000");
      return;
    }
    String channel = ctx.queryParams().get("channel");
    stores
        .interactions()
        .latest(community, channel, limit)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error(
                    "reading interactions of {} failed: {}", community, ar.cause().toString());
                JsonResponses.error(
                    ctx, 503, "store_unavailable", "the interaction log did not answer");
                return;
              }
              JsonArray items = new JsonArray();
              for (Interaction row : ar.result()) {
                items.add(
                    new JsonObject()
                        .put("id", row.id())
                        .put("kind", row.kind().dbName())
                        .put("type", row.type())
                        .put("platform", row.platform())
                        .put("channel", row.channelId())
                        .put("authorId", row.authorId())
                        .put("authorName", row.authorName())
                        .put("text", row.text())
                        .put("inReplyTo", row.inReplyTo())
                        .put("at", row.at().toString()));
              }
              JsonResponses.send(
                  ctx, 200, new JsonObject().put("community", community).put("items", items));
            });
  }
}
