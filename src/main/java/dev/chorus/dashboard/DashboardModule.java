package dev.chorus.dashboard;

import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.module.WebSocketPolicy;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The dashboard as a role: the page at {@code /dashboard} (plain files from {@code
 * webroot/dashboard/}) and its live stream {@code /ws/dashboard}. The page itself holds no secrets:
 * it signs in with the admin key, which it sends to the admin API ({@code /api/v1}) and to the
 * stream, or with a community's overlay token, which opens the overlay feed only.
 */
public final class DashboardModule implements ChorusModule<DashboardModule.Options> {

  /**
   * The page's files, each with its type: named one by one, so nothing else under the web root is
   * served from here (no directory listing, no path from the request reaches the file system).
   */
  static final Map<String, String> FILES =
      Map.of(
          "dashboard.css", "text/css; charset=utf-8",
          "dashboard.js", "text/javascript; charset=utf-8",
          "pipeline.js", "text/javascript; charset=utf-8",
          "commands.js", "text/javascript; charset=utf-8",
          "community.js", "text/javascript; charset=utf-8");

  /** The admin key the stream checks ({@code null}: admin sign-in refused). */
  public record Options(String adminKey, WebSocketPolicy origins) {}

  @Override
  public String name() {
    return "dashboard";
  }

  @Override
  public String description() {
    return "the dashboard at /dashboard: live events, commands, quotes, counters, timers,"
        + " moderation, knowledge, people, overlay token, pipeline charts";
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public Options options(Settings settings) {
    String key = settings.string("admin.key");
    return new Options(
        key == null || key.isEmpty() ? null : key, WebSocketPolicy.from(settings, null));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    context.http(
        (vertx, router) -> {
          router
              .get("/dashboard")
              .handler(
                  ctx ->
                      ctx.response()
                          .putHeader("Content-Type", "text/html; charset=utf-8")
                          .putHeader("Cache-Control", "no-cache")
                          .sendFile("webroot/dashboard/index.html"));
          for (Map.Entry<String, String> file : FILES.entrySet()) {
            router
                .get("/dashboard/" + file.getKey())
                .handler(
                    ctx ->
                        ctx.response()
                            .putHeader("Content-Type", file.getValue())
                            .putHeader("Cache-Control", "no-cache")
                            .sendFile("webroot/dashboard/" + file.getKey()));
          }
          return new DashboardFeed(vertx, options.adminKey(), options.origins()).mount(router);
        });
    return Future.succeededFuture();
  }
}
