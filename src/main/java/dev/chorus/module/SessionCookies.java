package dev.chorus.module;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;

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
    return cookie
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setPath("/")
        .setSecure(request.isSSL());
  }
}
