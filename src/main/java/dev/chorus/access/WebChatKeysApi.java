package dev.chorus.access;

import dev.chorus.event.Addresses;
import dev.chorus.event.TextHygiene;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * Web-chat sign-in tokens are {@code chat} keys (decision 124); their routes keep their shape under
 * {@code /api/v1/communities/{community}/tokens}:
 *
 * <ul>
 *   <li>{@code POST} {@code {name, level?, label?}}: a chat key of an existing community, its
 *       secret shown once as {@code token}.
 *   <li>{@code GET}: the community's chat keys, newest first, never their secrets.
 *   <li>{@code DELETE …/{id}}: revokes one; the connections signed in with it close on every
 *       process ({@link AccessCache#publishRevoked}).
 * </ul>
 *
 * Issuing and revoking also tell identity's caches that the community's reserved names changed.
 */
final class WebChatKeysApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(WebChatKeysApi.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BASE = "/api/v1/communities/:community/tokens";
  private static final int MAX_LABEL = 128;

  /** Identity's change notices: {@code {community, names: true}} evicts reserved names. */
  private static final String IDENTITY_CHANGED = Addresses.changed("identity");

  private final ApiKeys keys;

  WebChatKeysApi(ApiKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    router.post(BASE).handler(this::issue);
    router.get(BASE).handler(this::list);
    router.delete(BASE + "/:id").handler(this::revoke);
    return Future.succeededFuture();
  }

  private static void namesChanged(RoutingContext ctx, String community) {
    namesChanged(ctx.vertx(), community);
  }

  /** Tells identity's caches everywhere that the names reserved in {@code community} changed. */
  static void namesChanged(Vertx vertx, String community) {
    vertx
        .eventBus()
        .publish(IDENTITY_CHANGED, new JsonObject().put("community", community).put("names", true));
  }

  private void issue(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    JsonObject in;
    try {
      in = ctx.body().length() > 0 ? ctx.body().asJsonObject() : null;
    } catch (RuntimeException e) {
      in = null;
    }
    if (in == null) {
      JsonResponses.error(ctx, 400, "invalid_json", "the body must be a JSON object");
      return;
    }
    Object rawName = in.getValue("name");
    Object rawLevel = in.getValue("level", "moderator");
    Object rawLabel = in.getValue("label", "");
    String name = rawName instanceof String s ? TextHygiene.nfc(s) : null;
    String level = rawLevel instanceof String s ? s.trim().toLowerCase(java.util.Locale.ROOT) : "";
    if (!(rawLabel instanceof String label) || label.length() > MAX_LABEL) {
      JsonResponses.error(ctx, 400, "invalid_field", "label must be at most 128 characters");
      return;
    }
    String invalid = ApiKeys.invalid(Scope.CHAT, community, label, name, level);
    if (invalid != null) {
      JsonResponses.error(ctx, 400, "invalid_field", invalid);
      return;
    }
    ctx.vertx()
        .eventBus()
        .<JsonObject>request(Addresses.COMMUNITY_LOOKUP, community)
        .map(reply -> reply.body().getBoolean("known", false))
        .compose(
            known ->
                known
                    ? keys.issue(Scope.CHAT, community, label, name, level, RANDOM, Instant.now())
                    : Future.succeededFuture((ApiKeys.Issued) null))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("issuing a web-chat token in {} failed: {}", community, ar.cause());
                JsonResponses.error(ctx, 503, "store_unavailable", "a store did not answer");
                return;
              }
              if (ar.result() == null) {
                JsonResponses.error(
                    ctx, 404, "unknown_community", "community '" + community + "' does not exist");
                return;
              }
              ApiKey key = ar.result().key();
              namesChanged(ctx, community);
              LOG.info("web-chat token {} issued in {} for {}", key.id(), community, name);
              JsonResponses.send(ctx, 201, json(key).put("token", ar.result().secret()));
            });
  }

  private void list(RoutingContext ctx) {
    keys.list(ctx.pathParam("community"))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                JsonResponses.error(ctx, 503, "store_unavailable", "the key store did not answer");
                return;
              }
              JsonArray items = new JsonArray();
              ar.result().stream()
                  .filter(k -> k.scope() == Scope.CHAT)
                  .forEach(k -> items.add(json(k)));
              JsonResponses.send(ctx, 200, new JsonObject().put("items", items));
            });
  }

  private void revoke(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String id = ctx.pathParam("id");
    keys.get(id)
        .compose(
            found -> {
              if (found.isEmpty()
                  || found.get().scope() != Scope.CHAT
                  || !community.equals(found.get().community())
                  || !found.get().active()) {
                return Future.succeededFuture(false);
              }
              return keys.revoke(id, Instant.now());
            })
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("revoking web-chat token {} failed: {}", id, ar.cause().toString());
                JsonResponses.error(ctx, 503, "store_unavailable", "the key store did not answer");
                return;
              }
              if (!ar.result()) {
                JsonResponses.error(ctx, 404, "unknown_token", "no active token with that id");
                return;
              }
              AccessCache.publishRevoked(ctx.vertx(), id);
              namesChanged(ctx, community);
              LOG.info("web-chat token {} of {} revoked", id, community);
              ctx.response().setStatusCode(204).end();
            });
  }

  /** The token's JSON form, as before it was a key: never the secret. */
  private static JsonObject json(ApiKey k) {
    return new JsonObject()
        .put("id", k.id())
        .put("name", k.name())
        .put("level", k.level())
        .put("label", k.label())
        .put("createdAt", k.createdAt().toString())
        .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
  }
}
