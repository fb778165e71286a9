package dev.chorus.command.api;

import dev.chorus.command.DefinitionException;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Request bodies and answers of the command admin API. */
final class ApiSupport {

  private static final Logger LOG = LoggerFactory.getLogger(ApiSupport.class);

  private ApiSupport() {}

  /** The JSON object body, or {@code null} after answering 400. */
  static JsonObject body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      JsonResponses.error(ctx, 400, "invalid_json", "a JSON object body is required");
      return null;
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (parsed instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException e) {
      // answered below
    }
    JsonResponses.error(ctx, 400, "invalid_json", "the body must be a JSON object");
    return null;
  }

  /** Answers {@code future}'s result with {@code status}, or its failure as a JSON error. */
  static <T> void answer(
      RoutingContext ctx, Future<T> future, int status, Function<T, JsonObject> render) {
    future.onComplete(
        ar -> {
          if (ar.succeeded()) {
            JsonResponses.send(ctx, status, render.apply(ar.result()));
          } else {
            fail(ctx, ar.cause());
          }
        });
  }

  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof DefinitionException d) {
      JsonResponses.error(ctx, d.status(), d.code(), d.getMessage());
    } else if (e instanceof IllegalArgumentException || e instanceof ClassCastException) {
      JsonResponses.error(ctx, 400, "invalid_field", String.valueOf(e.getMessage()));
    } else {
      LOG.error(
          "command API {} {} failed: {}",
          ctx.request().method(),
          ctx.request().path(),
          e.toString());
      JsonResponses.error(ctx, 503, "store_unavailable", "the command store did not answer");
    }
  }

  /** A string field, or {@code fallback} when absent; fails when present but not a string. */
  static String string(JsonObject json, String key, String fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw DefinitionException.invalid(key + " must be a string");
    }
    return s;
  }

  /** An integer field in {@code [min, max]}, or {@code fallback} when absent. */
  static int integer(JsonObject json, String key, int fallback, int min, int max) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw DefinitionException.invalid(key + " must be an integer");
    }
    if (n.longValue() < min || n.longValue() > max) {
      throw DefinitionException.invalid(key + " must be " + min + " to " + max);
    }
    return n.intValue();
  }

  static boolean bool(JsonObject json, String key, boolean fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw DefinitionException.invalid(key + " must be true or false");
    }
    return b;
  }
}
