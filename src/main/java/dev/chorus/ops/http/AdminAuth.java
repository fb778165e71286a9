package dev.chorus.ops.http;

import dev.chorus.access.AccessCache;
import dev.chorus.access.ApiKeys;
import dev.chorus.access.Principal;
import dev.chorus.access.Scope;
import dev.chorus.access.Sessions;
import dev.chorus.module.ClientAddress;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one access check of the admin API, in front of the OpenAPI validation and the modules'
 * routes. Each operation declares its scope in the document ({@code x-chorus-scope}); a
 * community-scoped route takes the community from its {@code {community}} path parameter.
 *
 * <ul>
 *   <li>No key, or one that is not an active key: 401 {@code unauthorized} with {@code
 *       WWW-Authenticate}.
 *   <li>A key whose scope does not cover the route, or of another community: 403 {@code forbidden}.
 *   <li>A dashboard session (cookie) on a state-changing request without its CSRF token: 403 {@code
 *       csrf_required}.
 *   <li>A client address whose bearer keys were refused {@code http.maxFailedKeysPerAddress} times
 *       in {@link AccessCache#GUESS_WINDOW}: 429 {@code too_many_attempts} with {@code Retry-After}
 *       for every bearer request until the window ends, a good key too (guessing gains nothing).
 *       Successful requests are not counted.
 * </ul>
 *
 * The configured admin key ({@code CHORUS_ADMIN_KEY}) is compared here as SHA-256 in constant time;
 * every other key and session is asked of the access role through the process's {@link
 * AccessCache}. The principal is left in the context ({@link Principal#CONTEXT}) for the route.
 */
public final class AdminAuth {

  private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);
  private static final Principal BOOTSTRAP =
      new Principal(Principal.BOOTSTRAP, Scope.ADMIN, null, null);

  private final byte[] bootstrapHash;
  private final AccessCache cache;
  private final int maxFailedKeys;

  /**
   * @param bootstrapKey the configured admin key, or {@code null} (then only stored keys work)
   * @param maxFailedKeys refused bearer keys per client address and window before it gets 429 (0:
   *     no limit)
   */
  public AdminAuth(String bootstrapKey, AccessCache cache, int maxFailedKeys) {
    this.bootstrapHash =
        bootstrapKey == null ? null : ApiKeys.hash(bootstrapKey).getBytes(StandardCharsets.UTF_8);
    this.cache = cache;
    this.maxFailedKeys = maxFailedKeys;
  }

  /**
   * Checks the request against {@code access} (its operation's declared access, {@code null} for a
   * path the document lacks: any valid key may then learn it is not there).
   */
  void check(RoutingContext ctx, ApiContract.Access access) {
    if (access != null && access.scope() == null) {
      ctx.next(); // public
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String bearer =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    Cookie cookie = bearer == null ? ctx.request().getCookie(Sessions.COOKIE) : null;
    String session = cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    if ((bearer == null || bearer.isEmpty()) && session == null) {
      unauthorized(ctx, "an API key is required as 'Authorization: Bearer <key>'");
      return;
    }
    String client = ClientAddress.of(ctx).host();
    if (bearer != null && maxFailedKeys > 0) {
      long wait = cache.blockedSeconds(client);
      if (wait > 0) {
        ctx.response().putHeader("Retry-After", String.valueOf(wait));
        JsonResponses.error(
            ctx,
            429,
            "too_many_attempts",
            "too many refused API keys from this address; try again in " + wait + " s");
        return;
      }
    }
    Future<Optional<Principal>> found;
    // The check may wait for the access role: hold the body until the validation's body handler
    // (which resumes the request) reads it.
    ctx.request().pause();
    if (bearer != null && bootstrapHash != null && bootstrap(bearer)) {
      found = Future.succeededFuture(Optional.of(BOOTSTRAP));
    } else if (bearer != null) {
      // Only something shaped like a stored key is worth a question to the access role: any other
      // bearer is refused here (401), also when no process runs that role.
      found =
          bearer.length() > 512 || !bearer.startsWith(ApiKeys.PREFIX)
              ? Future.succeededFuture(Optional.empty())
              : cache.key(bearer);
    } else {
      found =
          session.length() > 512
              ? Future.succeededFuture(Optional.empty())
              : cache.session(session);
    }
    found.onComplete(
        ar -> {
          if (ar.failed()) {
            LOG.warn("access check for {} failed: {}", ctx.normalizedPath(), ar.cause().toString());
            JsonResponses.error(
                ctx, 503, "access_unavailable", "the access check did not answer; try again");
          } else if (ar.result().isEmpty() && bearer != null && maxFailedKeys > 0) {
            // Counted before the answer, so the next request from there already sees the block.
            cache
                .refused(client, maxFailedKeys)
                .onComplete(
                    n -> {
                      if (n.succeeded() && n.result() >= maxFailedKeys) {
                        LOG.warn(
                            "{} refused API keys from {} in {} min: it gets 429 until the window"
                                + " ends",
                            n.result(),
                            client,
                            AccessCache.GUESS_WINDOW.toMinutes());
                      }
                      unauthorized(ctx, "not an active API key");
                    });
          } else if (ar.result().isEmpty()) {
            unauthorized(
                ctx,
                bearer != null ? "not an active API key" : "the session has ended; sign in again");
          } else {
            authorize(ctx, access, ar.result().get(), bearer == null);
          }
        });
  }

  private void authorize(
      RoutingContext ctx, ApiContract.Access access, Principal principal, boolean viaSession) {
    if (access != null) {
      String community = access.community(ctx.normalizedPath());
      if (!principal.allows(access.scope(), community)) {
        JsonResponses.error(
            ctx,
            403,
            "forbidden",
            "this operation needs "
                + (access.scope() == Scope.ADMIN
                    ? "an admin key"
                    : "a key of scope " + access.scope().wire() + " or higher")
                + (community == null ? "" : " for community " + community));
        return;
      }
      if (viaSession && !SAFE.contains(ctx.request().method())) {
        String presented = ctx.request().getHeader(Sessions.CSRF_HEADER);
        if (!ApiKeys.same(presented, principal.csrf())) {
          JsonResponses.error(
              ctx,
              403,
              "csrf_required",
              "a signed-in page must send its CSRF token as " + Sessions.CSRF_HEADER);
          return;
        }
      }
    }
    ctx.put(Principal.CONTEXT, principal);
    ctx.next();
  }

  private boolean bootstrap(String presented) {
    return MessageDigest.isEqual(
        bootstrapHash, ApiKeys.hash(presented).getBytes(StandardCharsets.UTF_8));
  }

  private static void unauthorized(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"chorus\"");
    JsonResponses.error(ctx, 401, "unauthorized", message);
  }
}
