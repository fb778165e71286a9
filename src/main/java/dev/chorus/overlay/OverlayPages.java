package dev.chorus.overlay;

import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * The overlay pages for OBS browser sources: {@code /overlay/{community}/chat} and {@code
 * /overlay/{community}/alerts}. Plain files from {@code webroot/overlay/}; the page reads the
 * community from its path and its options (token, theme, size, fade, events) from the query.
 */
final class OverlayPages implements HttpRoutes {

  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    router.get("/overlay/:community/chat").handler(ctx -> page(ctx, "chat.html"));
    router.get("/overlay/:community/alerts").handler(ctx -> page(ctx, "alerts.html"));
    router.get("/overlay/overlay.js").handler(ctx -> asset(ctx, "overlay.js", "text/javascript"));
    // The pages' own scripts (no inline script: the pages' Content-Security-Policy forbids it).
    router.get("/overlay/chat.js").handler(ctx -> asset(ctx, "chat.js", "text/javascript"));
    router.get("/overlay/alerts.js").handler(ctx -> asset(ctx, "alerts.js", "text/javascript"));
    router.get("/overlay/overlay.css").handler(ctx -> asset(ctx, "overlay.css", "text/css"));
    return Future.succeededFuture();
  }

  private static void asset(RoutingContext ctx, String file, String type) {
    ctx.response()
        .putHeader("Content-Type", type + "; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile("webroot/overlay/" + file);
  }

  private static void page(RoutingContext ctx, String file) {
    if (!COMMUNITY.matcher(ctx.pathParam("community")).matches()) {
      JsonResponses.error(ctx, 400, "invalid_community", "no such community name");
      return;
    }
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile("webroot/overlay/" + file);
  }
}
