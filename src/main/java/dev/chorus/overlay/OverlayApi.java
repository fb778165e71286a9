package dev.chorus.overlay;

import dev.chorus.event.Addresses;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay's admin API (behind the admin key like all of {@code /api/v1}):
 *
 * <ul>
 *   <li>{@code POST /api/v1/communities/{community}/overlay/token}: a new token, shown once; the
 *       old one stops working and the feeds close the connections that used it.
 *   <li>{@code GET /api/v1/communities/{community}/overlay/token}: whether one is set.
 * </ul>
 */
final class OverlayApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(OverlayApi.class);
  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Change notifications of overlay tokens: {@code {community}}; feeds close old connections. */
  static final String CHANGED = Addresses.changed("overlay-token");

  private final OverlayTokens tokens;

  OverlayApi(OverlayTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    String path = "/api/v1/communities/:community/overlay/token";
    router.post(path).handler(ctx -> rotate(vertx, ctx));
    router.get(path).handler(this::status);
    return Future.succeededFuture();
  }

  private String community(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    if (community == null || !COMMUNITY.matcher(community).matches()) {
      JsonResponses.error(
          ctx,
          400,
          "invalid_community",
          "community must be 1-64 lower-case letters, digits, - or _");
      return null;
    }
    return community;
  }

  private void rotate(Vertx vertx, RoutingContext ctx) {
    String community = community(ctx);
    if (community == null) {
      return;
    }
    String token = OverlayTokens.newToken(RANDOM);
    tokens
        .put(community, OverlayTokens.hash(token))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("rotating the overlay token of {} failed: {}", community, ar.cause());
                JsonResponses.error(
                    ctx, 503, "store_unavailable", "the token store did not answer");
                return;
              }
              vertx.eventBus().publish(CHANGED, new JsonObject().put("community", community));
              LOG.info("overlay token of {} rotated", community);
              JsonResponses.send(
                  ctx, 201, new JsonObject().put("community", community).put("token", token));
            });
  }

  private void status(RoutingContext ctx) {
    String community = community(ctx);
    if (community == null) {
      return;
    }
    tokens
        .exists(community)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                JsonResponses.error(
                    ctx, 503, "store_unavailable", "the token store did not answer");
              } else {
                JsonResponses.send(
                    ctx,
                    200,
                    new JsonObject().put("community", community).put("configured", ar.result()));
              }
            });
  }
}
