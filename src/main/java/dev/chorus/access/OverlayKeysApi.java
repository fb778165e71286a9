package dev.chorus.access;

import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay token of a community is an {@code overlay} key (decision 124). The route that gives
 * one out keeps its shape:
 *
 * <ul>
 *   <li>{@code POST /api/v1/communities/{community}/overlay/token}: revokes the community's active
 *       overlay keys (their feeds close, code 4001) and makes a new one, shown once.
 *   <li>{@code GET /api/v1/communities/{community}/overlay/token}: whether one is active.
 * </ul>
 *
 * More overlay keys of one community (one per OBS scene, each revoked alone) come from {@code POST
 * /api/v1/keys}; a rotation here ends all of them.
 */
final class OverlayKeysApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(OverlayKeysApi.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiKeys keys;

  OverlayKeysApi(ApiKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    String path = "/api/v1/communities/:community/overlay/token";
    router.post(path).handler(ctx -> rotate(vertx, ctx));
    router.get(path).handler(this::status);
    return Future.succeededFuture();
  }

  private static String community(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    if (community == null || !ApiKeys.COMMUNITY.matcher(community).matches()) {
      JsonResponses.error(
          ctx,
          400,
          "invalid_community",
          "community must be 1-64 lower-case letters, digits, - or _");
      return null;
    }
    return community;
  }

  private Future<List<ApiKey>> active(String community) {
    return keys.list(community)
        .map(all -> all.stream().filter(k -> k.scope() == Scope.OVERLAY && k.active()).toList());
  }

  private void rotate(Vertx vertx, RoutingContext ctx) {
    String community = community(ctx);
    if (community == null) {
      return;
    }
    Instant now = Instant.now();
    active(community)
        .compose(
            old ->
                Future.all(old.stream().map(k -> revoke(vertx, k.id(), now)).toList())
                    .compose(
                        v ->
                            keys.issue(
                                Scope.OVERLAY, community, "overlay", null, null, RANDOM, now)))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("rotating the overlay token of {} failed: {}", community, ar.cause());
                JsonResponses.error(ctx, 503, "store_unavailable", "the key store did not answer");
                return;
              }
              LOG.info("overlay token of {} rotated: key {}", community, ar.result().key().id());
              JsonResponses.send(
                  ctx,
                  201,
                  new JsonObject().put("community", community).put("token", ar.result().secret()));
            });
  }

  private Future<Void> revoke(Vertx vertx, String id, Instant at) {
    return keys.revoke(id, at).onSuccess(v -> AccessCache.publishRevoked(vertx, id)).mapEmpty();
  }

  private void status(RoutingContext ctx) {
    String community = community(ctx);
    if (community == null) {
      return;
    }
    active(community)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                JsonResponses.error(ctx, 503, "store_unavailable", "the key store did not answer");
              } else {
                JsonResponses.send(
                    ctx,
                    200,
                    new JsonObject()
                        .put("community", community)
                        .put("configured", !ar.result().isEmpty()));
              }
            });
  }
}
