package dev.chorus.collector;

import dev.chorus.module.JsonResponses;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The body handling every platform webhook shares: the raw bytes (signatures are over them, so
 * nothing may parse or re-encode them first), at most {@code maxBytes} of them, and JSON errors for
 * what the body handler refuses (413 for a larger body, 400 for a broken upload).
 */
public final class WebhookBodies {

  private WebhookBodies() {}

  /** A body handler keeping at most {@code maxBytes}, no form parsing, no uploads. */
  public static BodyHandler limit(int maxBytes) {
    return BodyHandler.create(false).setBodyLimit(maxBytes).setHandleFileUploads(false);
  }

  /** Answers the body handler's failures as {@code {"error": …, "message": …}}. */
  public static Handler<RoutingContext> failures(int maxBytes) {
    return ctx -> {
      if (ctx.response().ended()) {
        return;
      }
      if (ctx.statusCode() == 413) {
        JsonResponses.error(
            ctx, 413, "payload_too_large", "webhook bodies are at most " + maxBytes + " bytes");
      } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
        JsonResponses.error(ctx, ctx.statusCode(), "bad_request", "unreadable request");
      } else {
        JsonResponses.error(ctx, 500, "internal", "the webhook failed; retry later");
      }
    };
  }
}
