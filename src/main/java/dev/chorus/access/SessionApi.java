package dev.chorus.access;

import dev.chorus.module.ClientAddress;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dashboard sign-in on the key model: {@code POST /api/v1/session {"key":…}} trades any API key for
 * a session cookie ({@link Sessions#COOKIE}: HttpOnly, SameSite=Strict, Secure when the request
 * came over TLS) and a CSRF token, which the page sends as {@link Sessions#CSRF_HEADER} on every
 * state-changing request. The session has the key's scope and community and ends with the key.
 * {@code GET /api/v1/session} says who is signed in (and repeats the CSRF token), {@code DELETE}
 * signs out. Failed sign-ins are counted per client address: after {@link #MAX_FAILURES} in {@link
 * #WINDOW} the address gets 429 with {@code Retry-After}, even with a good key.
 */
final class SessionApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SessionApi.class);

  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final KeyCheck keys;
  private final Sessions sessions;

  SessionApi(KeyCheck keys, Sessions sessions) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    router.post("/api/v1/session").handler(this::signIn);
    router.get("/api/v1/session").handler(this::whoAmI);
    router.delete("/api/v1/session").handler(ctx -> signOut(vertx, ctx));
    return Future.succeededFuture();
  }

  private void signIn(RoutingContext ctx) {
    String client = ClientAddress.of(ctx).host();
    String key;
    try {
      JsonObject body = ctx.body().asJsonObject();
      key = body == null ? null : body.getString("key");
    } catch (DecodeException | ClassCastException e) {
      key = null;
    }
    if (key == null || key.isEmpty() || key.length() > 512) {
      JsonResponses.error(ctx, 400, "invalid_field", "key is required");
      return;
    }
    String hash = ApiKeys.hash(key);
    sessions
        .failures(client)
        .compose(
            failures -> {
              if (failures >= MAX_FAILURES) {
                ctx.response().putHeader("Retry-After", String.valueOf(WINDOW.toSeconds()));
                JsonResponses.error(
                    ctx,
                    429,
                    "too_many_attempts",
                    "too many failed sign-ins from this address; try again later");
                return Future.succeededFuture();
              }
              return keys.byHash(hash)
                  .compose(
                      found -> {
                        if (found.isPresent() && !found.get().scope().api()) {
                          // A chat or overlay key is no dashboard key (and no failed guess).
                          JsonResponses.error(
                              ctx,
                              403,
                              "forbidden",
                              "a " + found.get().scope().wire() + " key opens no dashboard");
                          return Future.succeededFuture();
                        }
                        if (found.isEmpty()) {
                          return sessions
                              .failed(client, WINDOW)
                              .map(
                                  n -> {
                                    LOG.info("dashboard sign-in refused from {} ({})", client, n);
                                    JsonResponses.error(
                                        ctx, 401, "unauthorized", "not an active API key");
                                    return null;
                                  });
                        }
                        return sessions
                            .open(found.get(), hash)
                            .map(
                                opened -> {
                                  ctx.response()
                                      .addCookie(cookie(ctx, opened.token(), Sessions.TTL));
                                  JsonResponses.send(ctx, 201, describe(opened.principal()));
                                  return null;
                                });
                      });
            })
        .onFailure(
            e -> {
              LOG.warn("dashboard sign-in failed: {}", e.toString());
              if (!ctx.response().ended()) {
                JsonResponses.error(
                    ctx, 503, "store_unavailable", "the session store did not answer");
              }
            });
  }

  private void whoAmI(RoutingContext ctx) {
    Principal principal = ctx.get(Principal.CONTEXT);
    if (principal == null) {
      JsonResponses.error(ctx, 401, "unauthorized", "not signed in");
      return;
    }
    JsonResponses.send(ctx, 200, describe(principal));
  }

  private void signOut(Vertx vertx, RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
    ctx.response().addCookie(cookie(ctx, "", Duration.ZERO));
    if (cookie == null || cookie.getValue().isEmpty()) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    String hash = ApiKeys.hash(cookie.getValue());
    sessions
        .close(hash)
        .onComplete(
            ar -> {
              AccessCache.publishSignedOut(vertx, hash);
              if (ar.failed()) {
                JsonResponses.error(
                    ctx, 503, "store_unavailable", "the session store did not answer");
              } else {
                ctx.response().setStatusCode(204).end();
              }
            });
  }

  private static JsonObject describe(Principal p) {
    JsonObject json = new JsonObject().put("key", p.keyId()).put("scope", p.scope().wire());
    json.put("community", p.community());
    if (p.csrf() != null) {
      json.put("csrfToken", p.csrf());
    }
    return json;
  }

  /**
   * The session cookie; {@code Secure} when the client came over TLS (to this port, or to a trusted
   * proxy that says so).
   */
  static Cookie cookie(RoutingContext ctx, String value, Duration maxAge) {
    return Cookie.cookie(Sessions.COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(ClientAddress.of(ctx).secure())
        .setMaxAge(maxAge.toSeconds());
  }
}
