package dev.chorus.ops.cluster;

import dev.chorus.event.Addresses;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin requests for routes this process does not serve, forwarded over the event bus to a member
 * that does (decision 136). In the split Kubernetes layout the {@code chorus} Service reaches the
 * gateway pods only, while the command, people, moderation and knowledge routes are served where
 * those roles run; every member lists its routes in its presence entry ({@link ClusterView#serve}).
 *
 * <p>The receiving member replays the request — method, path and query, headers, body — on its own
 * HTTP port, so its access check, the OpenAPI validation and the module's route answer exactly as
 * if the client had called it, and the answer goes back unchanged. A forwarded request carries
 * {@value #FORWARDED} and is never forwarded again.
 */
public final class ApiForwarding {

  private static final Logger LOG = LoggerFactory.getLogger(ApiForwarding.class);

  /** Marks a replayed request; a request carrying it is answered where it arrives. */
  public static final String FORWARDED = "X-Chorus-Forwarded";

  static final long TIMEOUT_MS = 10_000;

  /** The largest answer carried back (an interactions page is far smaller). */
  static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

  /** Per connection, not per message: never forwarded either way. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "host",
          "content-length",
          "proxy-authorization",
          "proxy-connection");

  private ApiForwarding() {}

  /**
   * Serves {@link Addresses#api(String)} of {@code node}: replays each forwarded request on this
   * process's HTTP port ({@code host}, {@code port}; {@code tls} when it ends TLS itself).
   */
  public static Future<MessageConsumer<JsonObject>> serve(
      Vertx vertx, String node, String host, int port, boolean tls) {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setSsl(tls)
                .setTrustAll(tls)
                .setVerifyHost(false)
                .setConnectTimeout((int) TIMEOUT_MS));
    String target = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    MessageConsumer<JsonObject> consumer =
        vertx.eventBus().consumer(Addresses.api(node), m -> replay(client, target, port, m));
    return consumer.completion().map(v -> consumer);
  }

  private static void replay(HttpClient client, String host, int port, Message<JsonObject> m) {
    JsonObject request = m.body();
    HttpMethod method;
    String uri = request.getString("uri", "");
    try {
      method = HttpMethod.valueOf(request.getString("method", "GET").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      m.fail(400, "unknown method");
      return;
    }
    if (!uri.startsWith("/api/")) {
      m.fail(400, "only admin API paths are forwarded");
      return;
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(host)
            .setPort(port)
            .setURI(uri)
            .setTimeout(TIMEOUT_MS);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Object pair : request.getJsonArray("headers", new JsonArray())) {
      if (pair instanceof JsonArray nv && nv.size() == 2) {
        String name = String.valueOf(nv.getValue(0));
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          headers.add(name, String.valueOf(nv.getValue(1)));
        }
      }
    }
    headers.set(FORWARDED, request.getString("from", "?"));
    options.setHeaders(headers);
    String body = request.getString("body");
    Buffer payload = body == null ? null : Buffer.buffer(Base64.getDecoder().decode(body));
    client
        .request(options)
        .compose(req -> payload == null ? req.send() : req.send(payload))
        .compose(ApiForwarding::answer)
        .onSuccess(m::reply)
        .onFailure(
            e -> {
              LOG.warn("forwarded {} {} failed on this process: {}", method, uri, e.toString());
              m.fail(503, "the admin request could not be replayed: " + e.getMessage());
            });
  }

  private static Future<JsonObject> answer(HttpClientResponse response) {
    String length = response.getHeader("Content-Length");
    if (length != null && length.length() < 12 && Long.parseLong(length) > MAX_RESPONSE_BYTES) {
      response.request().reset();
      return Future.failedFuture("answer larger than " + MAX_RESPONSE_BYTES + " bytes");
    }
    return response
        .body()
        .compose(
            buffer -> {
              if (buffer.length() > MAX_RESPONSE_BYTES) {
                return Future.failedFuture("answer larger than " + MAX_RESPONSE_BYTES + " bytes");
              }
              return Future.succeededFuture(
                  new JsonObject()
                      .put("status", response.statusCode())
                      .put("headers", pairs(response.headers()))
                      .put("body", Base64.getEncoder().encodeToString(buffer.getBytes())));
            });
  }

  /**
   * The handler behind every module's admin routes: forwards to a member that serves the request's
   * route, or answers 404 {@code not_found} when none does (or the request was forwarded already).
   */
  public static Handler<RoutingContext> forwarder(Vertx vertx, ClusterView view) {
    return ctx -> {
      String path = ctx.request().path();
      String target =
          ctx.request().getHeader(FORWARDED) != null
              ? null
              : view.apiServer(ctx.request().method().name(), path);
      if (target == null) {
        JsonResponses.error(ctx, 404, "not_found", "no such API path: " + path);
        return;
      }
      JsonObject request =
          new JsonObject()
              .put("method", ctx.request().method().name())
              .put("uri", ctx.request().uri())
              .put("from", view.node())
              .put("headers", pairs(ctx.request().headers()));
      RequestBody body = ctx.body();
      if (body != null && body.buffer() != null && body.length() > 0) {
        request.put("body", Base64.getEncoder().encodeToString(body.buffer().getBytes()));
      }
      vertx
          .eventBus()
          .<JsonObject>request(
              Addresses.api(target), request, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
          .onSuccess(reply -> respond(ctx, reply.body()))
          .onFailure(
              e -> {
                boolean timeout =
                    e instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT;
                LOG.warn(
                    "forwarding {} {} to member {} failed: {}",
                    ctx.request().method(),
                    path,
                    target,
                    e.getMessage());
                JsonResponses.error(
                    ctx,
                    timeout ? 504 : 503,
                    "unavailable",
                    "the member serving this route did not answer; try again");
              });
    };
  }

  private static void respond(RoutingContext ctx, JsonObject reply) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Object pair : reply.getJsonArray("headers", new JsonArray())) {
      if (pair instanceof JsonArray nv && nv.size() == 2) {
        String name = String.valueOf(nv.getValue(0));
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          headers.add(name, String.valueOf(nv.getValue(1)));
        }
      }
    }
    // The member's headers replace this process's for the same name (the security headers are
    // the same on both); several values (Set-Cookie) stay several.
    for (String name : headers.names()) {
      ctx.response().headers().set(name, headers.getAll(name));
    }
    String body = reply.getString("body", "");
    ctx.response()
        .setStatusCode(reply.getInteger("status", 502))
        .end(Buffer.buffer(Base64.getDecoder().decode(body)));
  }

  private static JsonArray pairs(MultiMap headers) {
    JsonArray pairs = new JsonArray();
    for (Map.Entry<String, String> header : headers) {
      pairs.add(new JsonArray().add(header.getKey()).add(header.getValue()));
    }
    return pairs;
  }
}
