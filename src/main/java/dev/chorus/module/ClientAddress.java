package dev.chorus.module;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is at the other end of a request: the client's address and whether the client's own
 * connection is HTTPS. Without trusted proxies ({@code http.trustedProxies}) that is the TCP peer
 * and the connection's own TLS; behind a trusted proxy the HTTP server's first handler reads them
 * from {@code Forwarded} / {@code X-Forwarded-For} / {@code X-Forwarded-Proto} and leaves them in
 * the routing context. Connection caps, rate limits, the sign-in limiter, logs and the {@code
 * Secure} flag of cookies all use this, never {@code remoteAddress()} directly.
 *
 * @param host the client's IP address as text ({@code "-"} when unknown)
 * @param secure true when the client reached the deployment over HTTPS
 */
public record ClientAddress(String host, boolean secure) {

  /** Where the HTTP server leaves the resolved address in the routing context. */
  public static final String CONTEXT = "chorus.client";

  /** The client of {@code ctx}: as resolved by the HTTP server, else the TCP peer. */
  public static ClientAddress of(RoutingContext ctx) {
    ClientAddress resolved = ctx.get(CONTEXT);
    return resolved != null ? resolved : direct(ctx.request());
  }

  /** The TCP peer and the connection's own TLS (no proxy trusted). */
  public static ClientAddress direct(HttpServerRequest request) {
    String host =
        request.remoteAddress() == null || request.remoteAddress().hostAddress() == null
            ? "-"
            : request.remoteAddress().hostAddress();
    return new ClientAddress(host, request.isSSL());
  }
}
