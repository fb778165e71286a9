package dev.chorus.ops.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Security and caching headers on every response of the HTTP port (decision 073), set when the
 * response's headers are written so that they hold whichever route answered:
 *
 * <ul>
 *   <li>every response: {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy:
 *       no-referrer} (the overlay pages carry their token in the query string);
 *   <li>API, health, metrics and any JSON: {@code Cache-Control: no-store};
 *   <li>HTML pages: a Content-Security-Policy that allows only this origin's scripts, styles and
 *       connections (no inline script or style), {@code frame-ancestors 'none'} and {@code
 *       X-Frame-Options: DENY}, except the overlay pages under {@code /overlay/}, which OBS loads
 *       and which may be framed as {@code http.overlayFrameAncestors} says; and {@code
 *       Cache-Control: no-cache}, so an upgrade is seen at the next load;
 *   <li>other files (scripts, styles): {@code no-cache} (revalidated with their Last-Modified),
 *       unless requested with a version, {@code ?v=…}: then immutable for a year.
 * </ul>
 */
final class SecurityHeaders implements Handler<RoutingContext> {

  static final String CSP = "Content-Security-Policy";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";

  private final String pagePolicy;
  private final String overlayPolicy;

  /**
   * @param overlayFrameAncestors the overlay pages' {@code frame-ancestors} sources; empty: any
   *     page may frame them
   */
  SecurityHeaders(String overlayFrameAncestors) {
    this.pagePolicy = PAGE_POLICY + "; frame-ancestors 'none'";
    this.overlayPolicy =
        overlayFrameAncestors == null || overlayFrameAncestors.isBlank()
            ? PAGE_POLICY
            : PAGE_POLICY + "; frame-ancestors " + overlayFrameAncestors.trim();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> apply(ctx));
    ctx.next();
  }

  private void apply(RoutingContext ctx) {
    if (ctx.response().getStatusCode() == 101) {
      return;
    }
    MultiMap headers = ctx.response().headers();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    String path = ctx.request().path() == null ? "" : ctx.request().path();
    String type = headers.get("Content-Type");
    type = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (path.startsWith("/api/")
        || path.startsWith("/health/")
        || path.equals("/metrics")
        || path.startsWith("/webhooks/")
        || type.startsWith("application/json")) {
      headers.set("Cache-Control", "no-store");
      return;
    }
    if (type.startsWith("text/html")) {
      boolean overlay = path.startsWith("/overlay/");
      headers.set(CSP, overlay ? overlayPolicy : pagePolicy);
      if (!overlay) {
        headers.set("X-Frame-Options", "DENY");
      }
      headers.set("Cache-Control", "no-cache");
      return;
    }
    String version = ctx.request().getParam("v");
    headers.set("Cache-Control", version != null && !version.isBlank() ? IMMUTABLE : "no-cache");
  }
}
