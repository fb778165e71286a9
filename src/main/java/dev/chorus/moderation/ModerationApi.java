package dev.chorus.moderation;

import dev.chorus.community.CommunityStore;
import dev.chorus.event.Addresses;
import dev.chorus.event.PermissionLevel;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moderation admin API:
 *
 * <ul>
 *   <li>{@code POST /api/v1/communities/{c}/moderation/check} — what the community's current
 *       settings would do with a message, without acting (no history, no permit, nothing logged);
 *   <li>{@code GET /api/v1/communities/{c}/moderation/settings} — the effective settings (stored
 *       changes over the defaults);
 *   <li>{@code PUT /api/v1/communities/{c}/moderation/settings} — stores the changes (keys left out
 *       take the defaults); bad keys or values are refused naming the key.
 * </ul>
 */
final class ModerationApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ModerationApi.class);

  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_TEXT_CHARS = 10_000;

  private final CommunityStore store;
  private final CommunityModeration communities;
  private final SpamScorer scorer;

  ModerationApi(CommunityStore store, CommunityModeration communities, SpamScorer scorer) {
    this.store = Objects.requireNonNull(store, "store");
    this.communities = Objects.requireNonNull(communities, "communities");
    this.scorer = scorer;
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    String base = "/api/v1/communities/:community/moderation";
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router.post(base + "/check").handler(body).handler(this::check);
    router.get(base + "/settings").handler(this::settings);
    router.put(base + "/settings").handler(body).handler(ctx -> putSettings(vertx, ctx));
    return Future.succeededFuture();
  }

  private void check(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      return;
    }
    Object text = body.getValue("text");
    if (!(text instanceof String t)) {
      JsonResponses.error(ctx, 400, "invalid_field", "text is required and must be a string");
      return;
    }
    if (t.length() > MAX_TEXT_CHARS) {
      JsonResponses.error(
          ctx, 400, "text_too_long", "text must be at most " + MAX_TEXT_CHARS + " characters");
      return;
    }
    if (!(body.getValue("user") instanceof JsonObject user)
        || !(user.getValue("id") instanceof String userId)
        || userId.isBlank()) {
      JsonResponses.error(ctx, 400, "invalid_field", "user.id is required and must be a string");
      return;
    }
    Object platform = body.getValue("platform");
    if (platform != null && !(platform instanceof String)) {
      JsonResponses.error(ctx, 400, "invalid_field", "platform must be a string");
      return;
    }
    PermissionLevel level;
    try {
      level =
          user.getValue("level") instanceof String l
              ? PermissionLevel.parse(l)
              : PermissionLevel.VIEWER;
    } catch (IllegalArgumentException e) {
      JsonResponses.error(ctx, 400, "invalid_field", "user." + e.getMessage());
      return;
    }
    String community = ctx.pathParam("community");
    known(ctx, community)
        .compose(v -> communities.engine(community))
        .compose(engine -> Checks.check(engine, scorer, userId, t, level))
        .onSuccess(json -> JsonResponses.send(ctx, 200, json))
        .onFailure(err -> unavailable(ctx, community, err));
  }

  private void settings(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    known(ctx, community)
        .compose(v -> communities.engine(community))
        .onSuccess(
            engine ->
                JsonResponses.send(
                    ctx,
                    200,
                    new JsonObject()
                        .put("community", community)
                        .put(
                            "settings",
                            new JsonObject(ModerationSettingsJson.write(engine.settings())))))
        .onFailure(err -> unavailable(ctx, community, err));
  }

  private void putSettings(Vertx vertx, RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      return;
    }
    String json = body.encode();
    try {
      new ModerationEngine(ModerationSettingsJson.read(json)); // patterns must compile too
    } catch (IllegalArgumentException e) {
      JsonResponses.error(ctx, 400, "invalid_settings", e.getMessage());
      return;
    }
    String community = ctx.pathParam("community");
    known(ctx, community)
        .compose(v -> store.putSetting(community, CommunityModeration.SETTING, json))
        .onSuccess(
            v -> {
              communities.invalidate(community);
              vertx
                  .eventBus()
                  .publish(
                      Addresses.changed(ModerationVerticle.NAME),
                      new JsonObject().put("community", community));
              settings(ctx);
            })
        .onFailure(err -> unavailable(ctx, community, err));
  }

  /** Fails with {@link UnknownCommunity} (answered 404) when the community is not registered. */
  private Future<Void> known(RoutingContext ctx, String community) {
    return store
        .get(community)
        .compose(
            c ->
                c.isPresent()
                    ? Future.succeededFuture()
                    : Future.failedFuture(new UnknownCommunity()));
  }

  private static void unavailable(RoutingContext ctx, String community, Throwable err) {
    if (ctx.response().ended()) {
      return;
    }
    if (err instanceof UnknownCommunity) {
      JsonResponses.error(ctx, 404, "unknown_community", "no community " + community);
      return;
    }
    LOG.error("moderation API for {} failed: {}", community, err.toString());
    JsonResponses.error(ctx, 503, "store_unavailable", "the community store did not answer");
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    String raw = ctx.body() == null ? null : ctx.body().asString();
    if (raw == null || raw.isBlank()) {
      JsonResponses.error(ctx, 400, "invalid_json", "a JSON object body is required");
      return null;
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(raw);
      if (parsed instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException e) {
      JsonResponses.error(ctx, 400, "invalid_json", "body is not JSON: " + e.getMessage());
      return null;
    }
    JsonResponses.error(ctx, 400, "invalid_json", "body must be a JSON object");
    return null;
  }

  private static final class UnknownCommunity extends RuntimeException {
    UnknownCommunity() {
      super("unknown community", null, false, false);
    }
  }
}
