package dev.chorus.access;

import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys admin API. The access check in front of it ({@code ops.http.AdminAuth}) admits owners
 * and admins (scope {@code owner}, community from the key); this class applies who may make and
 * revoke which key: only an admin makes {@code admin} and {@code owner} keys; an owner makes, lists
 * and revokes {@code moderator}, {@code read}, {@code chat} and {@code overlay} keys of its own
 * community. A {@code chat} key needs {@code name} and {@code level} (the web-chat sign-in it
 * stands for); a revoked chat or overlay key also closes the sockets opened with it.
 *
 * <ul>
 *   <li>{@code POST /api/v1/keys} {@code {"scope":…,"community":…,"label":…}}: 201 with the secret,
 *       shown this once.
 *   <li>{@code GET /api/v1/keys[?community=…]}: the keys, never their secrets.
 *   <li>{@code DELETE /api/v1/keys/{id}}: revoked at once here, within {@link AccessCache#TTL}
 *       anywhere.
 * </ul>
 */
final class KeysApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(KeysApi.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiKeys keys;

  KeysApi(ApiKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    router.post("/api/v1/keys").handler(this::create);
    router.get("/api/v1/keys").handler(this::list);
    router.delete("/api/v1/keys/:id").handler(ctx -> revoke(vertx, ctx));
    return Future.succeededFuture();
  }

  private static Principal caller(RoutingContext ctx) {
    Principal p = ctx.get(Principal.CONTEXT);
    if (p == null) {
      // Mounted behind the access check: a missing principal is a wiring error, not access.
      throw new IllegalStateException("no principal: the access check did not run");
    }
    return p;
  }

  /** Whether {@code caller} may make or revoke a key of {@code scope} in {@code community}. */
  static boolean mayManage(Principal caller, Scope scope, String community) {
    if (caller.scope() == Scope.ADMIN) {
      return true;
    }
    return caller.scope() == Scope.OWNER
        && scope != Scope.ADMIN
        && scope != Scope.OWNER
        && Objects.equals(caller.community(), community);
  }

  private void create(RoutingContext ctx) {
    Principal caller = caller(ctx);
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      JsonResponses.error(ctx, 400, "invalid_json", "the body must be a JSON object");
      return;
    }
    Scope scope = Scope.parse(body.getString("scope")).orElse(null);
    String community = body.getString("community");
    String label = body.getString("label", "");
    String name = body.getString("name");
    String level = scope == Scope.CHAT ? body.getString("level", "moderator") : null;
    if (scope == null) {
      JsonResponses.error(
          ctx,
          400,
          "invalid_field",
          "scope must be one of admin, owner, moderator, read, chat, overlay");
      return;
    }
    String invalid = ApiKeys.invalid(scope, community, label, name, level);
    if (invalid != null) {
      JsonResponses.error(ctx, 400, "invalid_field", invalid);
      return;
    }
    if (!mayManage(caller, scope, community)) {
      JsonResponses.error(
          ctx,
          403,
          "forbidden",
          caller.scope() == Scope.OWNER
              ? "an owner key makes moderator, read, chat and overlay keys of its own community"
              : "only an admin or the community's owner makes keys");
      return;
    }
    keys.issue(scope, community, label, name, level, RANDOM, Instant.now())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("making a {} key failed: {}", scope.wire(), ar.cause().toString());
                JsonResponses.error(ctx, 503, "store_unavailable", "the key store did not answer");
                return;
              }
              ApiKey key = ar.result().key();
              if (key.scope() == Scope.CHAT) {
                WebChatKeysApi.namesChanged(ctx.vertx(), key.community());
              }
              LOG.info(
                  "API key {} ({} of {}) made by key {}",
                  key.id(),
                  key.scope().wire(),
                  key.community() == null ? "the deployment" : key.community(),
                  caller.keyId());
              JsonResponses.send(ctx, 201, key.toJson().put("key", ar.result().secret()));
            });
  }

  private void list(RoutingContext ctx) {
    Principal caller = caller(ctx);
    String community = ctx.queryParams().get("community");
    if (caller.scope() != Scope.ADMIN) {
      if (community != null && !community.equals(caller.community())) {
        JsonResponses.error(ctx, 403, "forbidden", "a community key lists its own community only");
        return;
      }
      community = caller.community();
    }
    keys.list(community)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                JsonResponses.error(ctx, 503, "store_unavailable", "the key store did not answer");
                return;
              }
              JsonArray items = new JsonArray();
              ar.result().forEach(k -> items.add(k.toJson()));
              JsonResponses.send(ctx, 200, new JsonObject().put("items", items));
            });
  }

  private void revoke(Vertx vertx, RoutingContext ctx) {
    Principal caller = caller(ctx);
    String id = ctx.pathParam("id");
    keys.get(id)
        .compose(
            found -> {
              if (found.isEmpty()
                  || (caller.scope() != Scope.ADMIN
                      && !Objects.equals(found.get().community(), caller.community()))) {
                // Another community's key answers as unknown: no oracle for key ids.
                JsonResponses.error(ctx, 404, "no_such_key", "no such key: " + id);
                return Future.succeededFuture();
              }
              ApiKey key = found.get();
              if (!mayManage(caller, key.scope(), key.community())) {
                JsonResponses.error(
                    ctx,
                    403,
                    "forbidden",
                    "an owner key revokes moderator, read, chat and overlay keys only");
                return Future.succeededFuture();
              }
              return keys.revoke(id, Instant.now())
                  .map(
                      changed -> {
                        AccessCache.publishRevoked(vertx, id);
                        if (key.scope() == Scope.CHAT) {
                          WebChatKeysApi.namesChanged(vertx, key.community());
                        }
                        if (changed) {
                          LOG.info("API key {} revoked by key {}", id, caller.keyId());
                        }
                        ctx.response().setStatusCode(204).end();
                        return null;
                      });
            })
        .onFailure(
            e -> {
              LOG.error("revoking key {} failed: {}", id, e.toString());
              if (!ctx.response().ended()) {
                JsonResponses.error(ctx, 503, "store_unavailable", "the key store did not answer");
              }
            });
  }
}
