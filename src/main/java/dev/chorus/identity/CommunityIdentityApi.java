package dev.chorus.identity;

import dev.chorus.community.CommunityChanges;
import dev.chorus.community.CommunityStore;
import dev.chorus.event.PermissionLevel;
import dev.chorus.event.Platforms;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a community configures for the identity stage, under {@code /api/v1/communities/{c}/}:
 * {@code pronouns} (its pronoun sets beyond the built-in ones) and {@code roles/{platform}}
 * (Discord role ids, Slack workspace flags and user groups mapped to levels). Stored as community
 * settings; every write publishes {@code chorus.changed.community} so each node's identity cache
 * drops the old value.
 */
final class CommunityIdentityApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(CommunityIdentityApi.class);
  private static final String BASE = "/api/v1/communities/:community";
  static final int MAX_ROLES = 100;
  private static final Pattern DISCORD_ROLE = Pattern.compile("[0-9]{1,20}");

  /** Slack: workspace flags of {@code users.info}, or a user group id. */
  private static final Pattern SLACK_ROLE =
      Pattern.compile("admin|owner|primary_owner|S[A-Z0-9]{2,20}");

  private final CommunityStore communities;
  private final IdentitySettings settings;

  CommunityIdentityApi(CommunityStore communities, IdentitySettings settings) {
    this.communities = Objects.requireNonNull(communities, "communities");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get(BASE + "/pronouns").handler(this::pronouns);
    router.put(BASE + "/pronouns").handler(body).handler(this::setPronouns);
    router.get(BASE + "/roles/:platform").handler(this::roles);
    router.put(BASE + "/roles/:platform").handler(body).handler(this::setRoles);
    return Future.succeededFuture();
  }

  private void pronouns(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    existing(ctx, community)
        .compose(
            found ->
                found
                    ? communities.setting(community, CommunityIdentity.PRONOUNS)
                    : Future.<Optional<String>>succeededFuture())
        .onComplete(
            ar -> {
              if (answered(ctx, ar)) {
                return;
              }
              List<String> custom =
                  ar.result() == null
                      ? List.of()
                      : ar.result().map(Pronouns::customList).orElse(List.of());
              JsonResponses.send(ctx, 200, pronounsJson(custom));
            });
  }

  /** {@code {"custom": [set, …]}}: replaces the community's own sets (empty: none). */
  private void setPronouns(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    JsonObject in = body(ctx);
    if (in == null) {
      return;
    }
    if (!(in.getValue("custom") instanceof JsonArray array) || array.size() > Pronouns.MAX_CUSTOM) {
      JsonResponses.error(
          ctx,
          400,
          "invalid_field",
          "custom must be an array of at most " + Pronouns.MAX_CUSTOM + " pronoun sets");
      return;
    }
    List<String> custom = new ArrayList<>();
    for (Object o : array) {
      String set = o instanceof String s ? Pronouns.normalize(s) : null;
      String problem = set == null ? "each pronoun set must be a string" : Pronouns.problem(set);
      if (problem != null) {
        JsonResponses.error(ctx, 400, "invalid_field", problem);
        return;
      }
      if (!Pronouns.KNOWN.contains(set) && !custom.contains(set)) {
        custom.add(set);
      }
    }
    write(
        ctx,
        community,
        CommunityIdentity.PRONOUNS,
        custom.isEmpty() ? null : CommunityIdentity.pronounsJson(custom),
        () -> pronounsJson(custom));
  }

  private void roles(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String platform = platform(ctx);
    if (platform == null) {
      return;
    }
    existing(ctx, community)
        .compose(
            found ->
                found
                    ? communities.setting(community, CommunityIdentity.ROLES_PREFIX + platform)
                    : Future.<Optional<String>>succeededFuture())
        .onComplete(
            ar -> {
              if (answered(ctx, ar)) {
                return;
              }
              Map<String, PermissionLevel> map =
                  ar.result() == null
                      ? Map.of()
                      : ar.result().map(CommunityIdentity::roleMap).orElse(Map.of());
              JsonResponses.send(ctx, 200, rolesJson(platform, map));
            });
  }

  /** {@code {"roles": {role: level, …}}}: replaces the platform's mapping (empty: none). */
  private void setRoles(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String platform = platform(ctx);
    if (platform == null) {
      return;
    }
    JsonObject in = body(ctx);
    if (in == null) {
      return;
    }
    if (!(in.getValue("roles") instanceof JsonObject roles) || roles.size() > MAX_ROLES) {
      JsonResponses.error(
          ctx,
          400,
          "invalid_field",
          "roles must be an object of at most " + MAX_ROLES + " role: level entries");
      return;
    }
    Pattern key = Platforms.DISCORD.equals(platform) ? DISCORD_ROLE : SLACK_ROLE;
    Map<String, PermissionLevel> map = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : roles) {
      if (!key.matcher(e.getKey()).matches()) {
        JsonResponses.error(
            ctx,
            400,
            "invalid_field",
            Platforms.DISCORD.equals(platform)
                ? "a Discord role is its id (digits), got '" + clip(e.getKey()) + "'"
                : "a Slack role is admin, owner, primary_owner or a user group id (S…), got '"
                    + clip(e.getKey())
                    + "'");
        return;
      }
      try {
        map.put(e.getKey(), PermissionLevel.parse(String.valueOf(e.getValue())));
      } catch (IllegalArgumentException bad) {
        JsonResponses.error(ctx, 400, "invalid_field", bad.getMessage());
        return;
      }
    }
    write(
        ctx,
        community,
        CommunityIdentity.ROLES_PREFIX + platform,
        map.isEmpty() ? null : CommunityIdentity.roleMapJson(map),
        () -> rolesJson(platform, map));
  }

  private void write(
      RoutingContext ctx,
      String community,
      String setting,
      String value,
      Supplier<JsonObject> answer) {
    existing(ctx, community)
        .compose(
            found -> {
              if (!found) {
                return Future.succeededFuture((Boolean) null);
              }
              return (value == null
                      ? communities.removeSetting(community, setting).<Void>mapEmpty()
                      : communities.putSetting(community, setting, value))
                  .map(true);
            })
        .onComplete(
            ar -> {
              if (answered(ctx, ar)) {
                return;
              }
              settings.invalidate(community);
              CommunityChanges.publish(ctx.vertx().eventBus(), community, true);
              JsonResponses.send(ctx, 200, answer.get());
            });
  }

  private Future<Boolean> existing(RoutingContext ctx, String community) {
    return communities.get(community).map(Optional::isPresent);
  }

  /**
   * True when the answer was given here: 404 for an unknown community (a null result), 503 when the
   * store failed.
   */
  private static boolean answered(RoutingContext ctx, io.vertx.core.AsyncResult<?> ar) {
    if (ar.failed()) {
      LOG.error("community store failed: {}", ar.cause().toString());
      JsonResponses.error(ctx, 503, "store_unavailable", "the community store did not answer");
      return true;
    }
    if (ar.result() == null) {
      JsonResponses.error(
          ctx,
          404,
          "unknown_community",
          "community '" + ctx.pathParam("community") + "' does not exist");
      return true;
    }
    return false;
  }

  private static String platform(RoutingContext ctx) {
    String p = ctx.pathParam("platform");
    if (Platforms.DISCORD.equals(p) || Platforms.SLACK.equals(p)) {
      return p;
    }
    JsonResponses.error(ctx, 404, "unknown_platform", "roles are mapped for discord and slack");
    return null;
  }

  private static JsonObject pronounsJson(List<String> custom) {
    return new JsonObject()
        .put("builtIn", new JsonArray(Pronouns.KNOWN))
        .put("custom", new JsonArray(custom));
  }

  private static JsonObject rolesJson(String platform, Map<String, PermissionLevel> map) {
    JsonObject roles = new JsonObject();
    map.forEach((k, v) -> roles.put(k, v.wire()));
    return new JsonObject().put("platform", platform).put("roles", roles);
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject json = ctx.body().length() > 0 ? ctx.body().asJsonObject() : null;
      if (json != null) {
        return json;
      }
    } catch (RuntimeException e) {
      // answered below
    }
    JsonResponses.error(ctx, 400, "invalid_json", "the body must be a JSON object");
    return null;
  }
}
