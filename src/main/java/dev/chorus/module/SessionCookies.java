package dev.chorus.module;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The attributes every session cookie of the HTTP port gets (the hook for the dashboard sign-in):
 * {@code HttpOnly}, {@code SameSite=Strict}, {@code Path=/}, and {@code Secure} when the request
 * came over TLS ({@code http.tls.*} configured), so a cookie set over HTTPS is never sent back in
 * the clear.
 */
public final class SessionCookies {

  private SessionCookies() {}

  /** {@code cookie} with the session attributes for a response to {@code request}. */
  public static Cookie harden(Cookie cookie, HttpServerRequest request) {
    return harden(cookie, ClientAddress.direct(request).secure());
  }

  /**
   * {@code cookie} with the session attributes for the response to {@code ctx}: {@code Secure} also
   * when a trusted proxy says the client came over HTTPS ({@link ClientAddress}).
   */
  public static Cookie harden(Cookie cookie, RoutingContext ctx) {
    return harden(cookie, ClientAddress.of(ctx).secure());
  }

  private static Cookie harden(Cookie cookie, boolean secure) {
    return cookie
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setPath("/")
        .setSecure(secure);
  }
}
