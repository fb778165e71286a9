package dev.chorus.identity;

import dev.chorus.event.PermissionLevel;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people admin API under {@code /api/v1/communities/{community}/} (the web-chat {@code tokens}
 * are keys of the access role since decision 124): {@code people/{id}} and {@code
 * people?platform=&userId=} (the person with accounts, name history and audit trail), {@code
 * people/{id}/merge}, {@code people/unlink}, {@code people/{id}/level}.
 */
final class PeopleApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PeopleApi.class);
  private static final String BASE = "/api/v1/communities/:community";

  private final IdentityStore store;

  PeopleApi(IdentityStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get(BASE + "/people").handler(this::lookup);
    router.post(BASE + "/people/unlink").handler(body).handler(this::unlink);
    router.get(BASE + "/people/:id").handler(this::person);
    router.post(BASE + "/people/:id/merge").handler(body).handler(this::merge);
    router.put(BASE + "/people/:id/level").handler(body).handler(this::level);
    return Future.succeededFuture();
  }

  private void lookup(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String platform = ctx.queryParams().get("platform");
    String userId = ctx.queryParams().get("userId");
    if (platform == null || userId == null || platform.length() > 16 || userId.length() > 128) {
      JsonResponses.error(ctx, 400, "invalid_field", "platform and userId are required");
      return;
    }
    store
        .find(community, platform, userId)
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause())) {
                return;
              }
              if (ar.result().isEmpty()) {
                JsonResponses.error(ctx, 404, "unknown_person", "no such account in " + community);
                return;
              }
              detail(ctx, community, ar.result().get().id());
            });
  }

  private void person(RoutingContext ctx) {
    detail(ctx, ctx.pathParam("community"), ctx.pathParam("id"));
  }

  /** {@code {from}}: merges person {@code from} into this one. */
  private void merge(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    JsonObject in = body(ctx);
    if (in == null) {
      return;
    }
    if (!(in.getValue("from") instanceof String from) || from.length() > 36) {
      JsonResponses.error(ctx, 400, "invalid_field", "from must be a person id");
      return;
    }
    store
        .merge(community, ctx.pathParam("id"), from, "admin")
        .onComplete(
            ar -> {
              if (!failed(ctx, ar.cause())) {
                ctx.vertx()
                    .eventBus()
                    .publish(
                        Linking.MERGED,
                        new JsonObject()
                            .put("community", community)
                            .put("from", from)
                            .put("into", ar.result().into().id()));
                detail(ctx, community, ar.result().into().id());
              }
            });
  }

  /** {@code {platform, userId}}: moves that account to a new person of its own. */
  private void unlink(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    JsonObject in = body(ctx);
    if (in == null) {
      return;
    }
    if (!(in.getValue("platform") instanceof String platform)
        || !(in.getValue("userId") instanceof String userId)) {
      JsonResponses.error(ctx, 400, "invalid_field", "platform and userId are required strings");
      return;
    }
    store
        .unlink(community, platform, userId, "admin")
        .onComplete(
            ar -> {
              if (!failed(ctx, ar.cause())) {
                detail(ctx, community, ar.result().id());
              }
            });
  }

  /** {@code {level: "moderator" | null}}: the community's grant to this person. */
  private void level(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    JsonObject in = body(ctx);
    if (in == null) {
      return;
    }
    PermissionLevel level;
    try {
      level =
          in.getValue("level") == null
              ? null
              : PermissionLevel.parse(in.getValue("level").toString());
    } catch (IllegalArgumentException e) {
      JsonResponses.error(ctx, 400, "invalid_field", e.getMessage());
      return;
    }
    store
        .grant(community, ctx.pathParam("id"), level)
        .onComplete(
            ar -> {
              if (!failed(ctx, ar.cause())) {
                detail(ctx, community, ar.result().id());
              }
            });
  }

  private void detail(RoutingContext ctx, String community, String id) {
    store
        .person(community, id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture((JsonObject) null);
              }
              Person p = found.get();
              return store
                  .accounts(community, p.id())
                  .compose(accounts -> withNames(community, accounts))
                  .compose(
                      accounts ->
                          store
                              .audit(community, p.id())
                              .map(audit -> PeopleJson.person(p, accounts, audit)));
            })
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause())) {
                return;
              }
              if (ar.result() == null) {
                JsonResponses.error(
                    ctx, 404, "unknown_person", "no person " + id + " in " + community);
                return;
              }
              JsonResponses.send(ctx, 200, ar.result());
            });
  }

  private Future<JsonArray> withNames(String community, List<Account> accounts) {
    Future<JsonArray> chain = Future.succeededFuture(new JsonArray());
    for (Account a : accounts) {
      chain =
          chain.compose(
              out ->
                  store
                      .names(community, a.platform(), a.platformUserId())
                      .map(names -> out.add(PeopleJson.account(a, names))));
    }
    return chain;
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

  private static boolean failed(RoutingContext ctx, Throwable cause) {
    if (cause == null) {
      return false;
    }
    if (cause instanceof UnknownPersonException) {
      JsonResponses.error(ctx, 404, "unknown_person", cause.getMessage());
    } else if (cause instanceof IllegalArgumentException
        || cause instanceof IllegalStateException) {
      JsonResponses.error(ctx, 409, "conflict", cause.getMessage());
    } else {
      LOG.error("identity store failed: {}", cause.toString());
      JsonResponses.error(ctx, 503, "store_unavailable", "the identity store did not answer");
    }
    return true;
  }
}
