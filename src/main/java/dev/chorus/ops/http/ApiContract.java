package dev.chorus.ops.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chorus.access.Scope;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's one OpenAPI 3 document ({@code openapi/openapi.yaml}), enforced in front of the
 * module routes.
 *
 * <p>Vert.x's OpenAPI router ({@link RouterBuilder}) is built from the document's {@code /api/v1}
 * operations and mounted as a sub-router on {@code /api/v1/*} after the admin key check. Each of
 * its operations only validates the request (parameters and body against their schemas) and then
 * hands the request on, so modules keep mounting their routes as before ({@link
 * dev.chorus.module.HttpRoutes}). A request that does not match its operation's schema gets 400
 * {@code invalid_request} with the validator's reason; a path or method the document does not
 * describe gets 404 {@code not_documented} / 405 {@code method_not_allowed}: what is not described
 * is not served.
 *
 * <p>Operations without an {@code operationId} get one made from the method and path, so a new path
 * needs only its description.
 *
 * <p>Every operation declares who may call it ({@code x-chorus-scope}: {@code public}, {@code
 * admin}, {@code owner}, {@code moderator} or {@code read}); {@link AdminAuth} enforces it in front
 * of the validation. A document with an operation that declares none, a non-public operation
 * outside {@code /api/v1} (nothing would enforce it), or a community scope on a path without {@code
 * {community}} (unless it declares {@code x-chorus-community: key}, the route then staying within
 * the key's own community) does not load.
 */
public final class ApiContract {

  private static final Logger LOG = LoggerFactory.getLogger(ApiContract.class);

  /** The classpath resource of the document. */
  public static final String RESOURCE = "openapi/openapi.yaml";

  static final String PREFIX = "/api/v1";

  /**
   * Largest request body of an operation that declares no {@value #BODY_LIMIT} (the validator needs
   * the whole body, so this reader's limit is the one in force).
   */
  static final long MAX_BODY_BYTES = 1024 * 1024;

  /**
   * The operation extension that sets its request body limit in bytes (decision 075). The validator
   * reads the body before the module's route, so a module's own {@code BodyHandler} limit would
   * never apply: the document's is the one that does.
   */
  static final String BODY_LIMIT = "x-max-body-bytes";

  private static final long MAX_DECLARED_BODY = 64L * 1024 * 1024;
  private static final String LIMIT_IN_FORCE = "chorus.bodyLimit";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The document's extension naming an operation's scope. */
  public static final String SCOPE = "x-chorus-scope";

  /** The extension saying where a community-scoped operation without {@code {community}} acts. */
  public static final String COMMUNITY = "x-chorus-community";

  /**
   * Who may call one operation.
   *
   * @param scope the lowest scope that may, {@code null} for a public operation
   * @param template the operation's path template
   * @param communitySegment the index of the {@code {community}} segment, or -1
   */
  record Access(Scope scope, String template, int communitySegment) {

    /** The community named by {@code path} (a path of this template), or {@code null}. */
    String community(String path) {
      if (communitySegment < 0) {
        return null;
      }
      String[] parts = path.split("/", -1);
      return communitySegment < parts.length
          ? URLDecoder.decode(parts[communitySegment], StandardCharsets.UTF_8)
          : null;
    }
  }

  private final OpenAPIContract full;
  private final Router validation;
  private final Map<String, Access> access;

  private ApiContract(OpenAPIContract full, Router validation, Map<String, Access> access) {
    this.full = full;
    this.validation = validation;
    this.access = Map.copyOf(access);
  }

  /** Reads and checks the document; fails naming what is wrong with it. */
  public static Future<ApiContract> load(Vertx vertx) {
    return load(vertx, RESOURCE);
  }

  /** Reads and checks the document at {@code resource} on the classpath (tests use their own). */
  static Future<ApiContract> load(Vertx vertx, String resource) {
    JsonObject document;
    Map<String, Access> declared;
    try {
      document = read(resource);
      declared = access(document);
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(
          new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e));
    }
    // Resolving a document writes into it: each contract gets its own copy.
    JsonObject apiDocument = apiOnly(document.copy());
    return OpenAPIContract.from(vertx, document.copy())
        .compose(
            full ->
                OpenAPIContract.from(vertx, apiDocument)
                    .map(
                        api ->
                            new ApiContract(
                                full, validator(vertx, api, full, bodyLimits(document)), declared)))
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        resource + " is not a valid OpenAPI document: " + e.getMessage(), e)));
  }

  /** The document as JSON, every operation with an {@code operationId}. */
  static JsonObject read(String resource) throws IOException {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("not on the classpath");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = YAML.readValue(in, Map.class);
      JsonObject document = new JsonObject(map);
      JsonObject paths = document.getJsonObject("paths", new JsonObject());
      for (String path : paths.fieldNames()) {
        JsonObject item = paths.getJsonObject(path);
        for (String method : item.fieldNames()) {
          if (!(item.getValue(method) instanceof JsonObject op)) {
            continue;
          }
          if (!op.containsKey("operationId")) {
            op.put("operationId", operationId(method, path));
          }
          // Only requests are enforced; response bodies (YAML, Prometheus text) stay as described
          // in the served document but are not the validator's business.
          JsonObject responses = op.getJsonObject("responses", new JsonObject());
          for (String status : responses.fieldNames()) {
            if (responses.getValue(status) instanceof JsonObject response) {
              response.remove("content");
            }
          }
        }
      }
      return document;
    }
  }

  /**
   * Every operation's declared access, by operationId; fails naming each operation whose
   * declaration is missing or cannot be enforced.
   */
  static Map<String, Access> access(JsonObject document) {
    Map<String, Access> found = new HashMap<>();
    List<String> problems = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || method.equals("parameters")) {
          continue;
        }
        String where = method.toUpperCase(Locale.ROOT) + " " + path;
        Object declaredScope = op.getValue(SCOPE);
        Scope scope = null;
        if (!"public".equals(declaredScope)) {
          scope =
              Scope.parse(declaredScope instanceof String v ? v : null)
                  .filter(Scope::api)
                  .orElse(null);
          if (scope == null) {
            problems.add(
                where + " declares no " + SCOPE + " (public, admin, owner, moderator or read)");
            continue;
          }
          if (!path.startsWith(PREFIX + "/")) {
            problems.add(where + " is outside " + PREFIX + ": only public operations can be");
            continue;
          }
        }
        int segment = List.of(path.split("/", -1)).indexOf("{community}");
        if (scope != null
            && scope.perCommunity()
            && segment < 0
            && !"key".equals(op.getValue(COMMUNITY))) {
          problems.add(
              where
                  + " has a community scope but no {community} path parameter (declare "
                  + COMMUNITY
                  + ": key when the route acts within the key's own community)");
          continue;
        }
        found.put(op.getString("operationId"), new Access(scope, path, segment));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("access not declared: " + String.join("; ", problems));
    }
    return found;
  }

  static String operationId(String method, String path) {
    return method.toLowerCase(Locale.ROOT) + path.replaceAll("[^A-Za-z0-9]+", "_");
  }

  /** The {@code /api/v1} operations with that prefix taken off (the sub-router's mount point). */
  private static JsonObject apiOnly(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = new JsonObject();
    document
        .getJsonObject("paths", new JsonObject())
        .forEach(
            e -> {
              if (e.getKey().startsWith(PREFIX + "/")) {
                paths.put(e.getKey().substring(PREFIX.length()), e.getValue());
              }
            });
    // The sub-router matches paths below its mount point; the validator reads parameters from the
    // whole request path, which this server base path restores.
    JsonObject server = new JsonObject().put("url", "http://localhost" + PREFIX);
    return copy.put("paths", paths).put("servers", new io.vertx.core.json.JsonArray().add(server));
  }

  /** Each operation's declared body limit, by operation id; a bad value fails the load. */
  static Map<String, Long> bodyLimits(JsonObject document) {
    Map<String, Long> limits = new HashMap<>();
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey(BODY_LIMIT)) {
          continue;
        }
        Object value = op.getValue(BODY_LIMIT);
        if (!(value instanceof Number n)
            || n.longValue() < 1
            || n.longValue() > MAX_DECLARED_BODY
            || n.doubleValue() != n.longValue()) {
          throw new IllegalArgumentException(
              BODY_LIMIT
                  + " of "
                  + method
                  + " "
                  + path
                  + " must be a whole number of bytes from 1 to "
                  + MAX_DECLARED_BODY);
        }
        limits.put(op.getString("operationId", operationId(method, path)), n.longValue());
      }
    }
    return limits;
  }

  /**
   * Reads the body with the limit of the operation the request is for (its {@value #BODY_LIMIT}, or
   * {@link #MAX_BODY_BYTES}); past it the request fails with 413 before anything is buffered beyond
   * the limit.
   */
  private static Handler<RoutingContext> bodyReader(
      OpenAPIContract full, Map<String, Long> limits) {
    Map<Long, BodyHandler> readers = new ConcurrentHashMap<>();
    return ctx -> {
      Operation op = full.findOperation(ctx.request().path(), ctx.request().method());
      long limit =
          op == null ? MAX_BODY_BYTES : limits.getOrDefault(op.getOperationId(), MAX_BODY_BYTES);
      ctx.put(LIMIT_IN_FORCE, limit);
      readers.computeIfAbsent(limit, l -> BodyHandler.create(false).setBodyLimit(l)).handle(ctx);
    };
  }

  private static Router validator(
      Vertx vertx, OpenAPIContract api, OpenAPIContract full, Map<String, Long> limits) {
    RouterBuilder builder =
        RouterBuilder.create(vertx, api, RequestExtractor.withBodyHandler())
            .rootHandler(bodyReader(full, limits))
            .rootHandler(ApiContract::jsonByDefault);
    Handler<RoutingContext> refuse = ApiContract::refuse;
    for (OpenAPIRoute route : builder.getRoutes()) {
      // The admin key was checked already (AdminAuth): only the shape is checked here.
      route.setDoSecurity(false).addHandler(RoutingContext::next).addFailureHandler(refuse);
    }
    return builder.createRouter();
  }

  /**
   * Every request body of the admin API is JSON. A body sent without a content type, or with the
   * form type {@code curl -d} sets by default, is read as JSON rather than refused for its header
   * (decision 063).
   */
  private static void jsonByDefault(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || type.startsWith("application/x-www-form-urlencoded")) {
      ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    ctx.next();
  }

  private static void refuse(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    if (status == 413) {
      // The rest of the body is never read: the client is told not to send another request on
      // this connection (closing it at once would reset a client still writing the body before it
      // reads the answer).
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      JsonResponses.error(
          ctx,
          413,
          "body_too_large",
          "the request body is larger than "
              + ctx.<Long>get(LIMIT_IN_FORCE, MAX_BODY_BYTES)
              + " bytes, the limit of "
              + ctx.request().method()
              + " "
              + ctx.request().path());
    } else if (status == 400) {
      String reason = failure == null ? "bad request" : failure.getMessage();
      Throwable cause = failure == null ? null : failure.getCause();
      if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(reason)) {
        reason = cause.getMessage();
      }
      JsonResponses.error(ctx, 400, "invalid_request", reason);
    } else {
      LOG.warn("API request failed before its route: {}", String.valueOf(failure));
      JsonResponses.error(ctx, 500, "internal_error", "the request failed");
    }
  }

  /**
   * Mounts the access check, then the validation, on {@code router}: call before the modules'
   * routes.
   */
  public void mount(Router router, AdminAuth auth) {
    router.route(PREFIX + "/*").handler(ctx -> auth.check(ctx, declared(ctx)));
    mount(router);
  }

  /** Mounts the validation only (tests of the validation). */
  void mount(Router router) {
    router.route(PREFIX + "/*").subRouter(validation);
    router.route(PREFIX + "/*").handler(this::documented);
  }

  /** The declared access of the request's operation; {@code null} when the document lacks it. */
  private Access declared(RoutingContext ctx) {
    Operation op = full.findOperation(ctx.normalizedPath(), ctx.request().method());
    return op == null ? null : access.get(op.getOperationId());
  }

  /** Every operation's declared access (the route-walking test reads the document itself). */
  Map<String, Access> declaredAccess() {
    return access;
  }

  private void documented(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    HttpMethod method = ctx.request().method();
    if (full.findOperation(path, method) != null) {
      ctx.next();
    } else if (full.findPath(path) != null) {
      JsonResponses.error(
          ctx, 405, "method_not_allowed", method + " is not an operation of " + path);
    } else {
      JsonResponses.error(
          ctx, 404, "not_documented", "no such API path: " + path + " (see /api/v1/openapi.yaml)");
    }
  }
}
