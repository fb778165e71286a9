package dev.chorus.module;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON bodies of the HTTP API: results, and errors as {@code {"error": code, "message": text}}. */
public final class JsonResponses {

  private JsonResponses() {}

  public static void error(RoutingContext ctx, int status, String code, String message) {
    send(ctx, status, new JsonObject().put("error", code).put("message", message));
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
