package dev.chorus.community;

import dev.chorus.event.TextHygiene;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The communities admin API: {@code /api/v1/communities[/{community}[/channels/{platform}/{id}]]}.
 * Every successful write publishes a change ({@link CommunityChanges}) so that every collector's
 * gate and every directory see it at once.
 */
final class CommunitiesApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(CommunitiesApi.class);
  static final int MAX_BODY = 64 * 1024;
  private static final String BASE = "/api/v1/communities";

  private final CommunityStore store;

  CommunitiesApi(CommunityStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.get(BASE).handler(this::list);
    router.post(BASE).handler(body).handler(this::create);
    router.get(BASE + "/:community").handler(this::get);
    router.patch(BASE + "/:community").handler(body).handler(this::change);
    router.delete(BASE + "/:community").handler(this::delete);
    router.put(BASE + "/:community/channels/:platform/:channel").handler(body).handler(this::link);
    router.delete(BASE + "/:community/channels/:platform/:channel").handler(this::unlink);
    return Future.succeededFuture();
  }

  private void list(RoutingContext ctx) {
    store
        .list()
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause())) {
                return;
              }
              JsonArray items = new JsonArray();
              ar.result().forEach(c -> items.add(summary(c)));
              JsonResponses.send(ctx, 200, new JsonObject().put("items", items));
            });
  }

  private void create(RoutingContext ctx) {
    JsonObject in = CommunityInput.body(ctx);
    if (in == null) {
      return;
    }
    String id = in.getValue("id") instanceof String s ? s : null;
    String problem = CommunityInput.idProblem(id);
    if (problem == null) {
      problem = CommunityInput.nameProblem(in.getValue("name", id));
    }
    List<CommunityInput.Channel> channels = new ArrayList<>();
    if (problem == null) {
      problem = CommunityInput.channels(in.getValue("channels"), channels);
    }
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    if (problem == null) {
      problem = CommunityInput.settings(in.getValue("settings"), settings, false);
    }
    if (problem != null) {
      JsonResponses.error(ctx, 400, "invalid_field", problem);
      return;
    }
    String name = TextHygiene.nfc(in.getString("name", id));
    store
        .create(id, name)
        .compose(
            created -> {
              if (created.isEmpty()) {
                return Future.succeededFuture(false);
              }
              Future<Void> chain = Future.succeededFuture();
              for (CommunityInput.Channel c : channels) {
                chain =
                    chain.compose(v -> store.link(id, c.platform(), c.id(), c.name()).mapEmpty());
              }
              for (Map.Entry<String, String> s : settings.entrySet()) {
                chain = chain.compose(v -> store.putSetting(id, s.getKey(), s.getValue()));
              }
              // A channel another community holds undoes the creation: all or nothing.
              return chain
                  .map(true)
                  .recover(e -> store.delete(id).transform(ignored -> Future.failedFuture(e)));
            })
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause())) {
                return;
              }
              if (!ar.result()) {
                JsonResponses.error(
                    ctx, 409, "community_exists", "community '" + id + "' exists already");
                return;
              }
              CommunityChanges.publish(ctx.vertx().eventBus(), id, true);
              LOG.info("community {} created", id);
              detail(ctx, id, 201);
            });
  }

  private void get(RoutingContext ctx) {
    detail(ctx, ctx.pathParam("community"), 200);
  }

  /** {@code PATCH}: a new name and/or settings to set (a {@code null} value removes one). */
  private void change(RoutingContext ctx) {
    String id = ctx.pathParam("community");
    JsonObject in = CommunityInput.body(ctx);
    if (in == null) {
      return;
    }
    String problem =
        in.containsKey("name") ? CommunityInput.nameProblem(in.getValue("name")) : null;
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    if (problem == null) {
      problem = CommunityInput.settings(in.getValue("settings"), settings, true);
    }
    if (problem != null) {
      JsonResponses.error(ctx, 400, "invalid_field", problem);
      return;
    }
    store
        .get(id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(false);
              }
              Future<Void> chain =
                  in.containsKey("name")
                      ? store.upsert(id, TextHygiene.nfc(in.getString("name"))).mapEmpty()
                      : Future.succeededFuture();
              for (Map.Entry<String, String> s : settings.entrySet()) {
                chain =
                    chain.compose(
                        v ->
                            s.getValue() == null
                                ? store.removeSetting(id, s.getKey()).mapEmpty()
                                : store.putSetting(id, s.getKey(), s.getValue()));
              }
              return chain.map(true);
            })
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause()) || missing(ctx, ar.result(), id)) {
                return;
              }
              CommunityChanges.publish(ctx.vertx().eventBus(), id, true);
              detail(ctx, id, 200);
            });
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("community");
    store
        .delete(id)
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause()) || missing(ctx, ar.result(), id)) {
                return;
              }
              CommunityChanges.publish(ctx.vertx().eventBus(), id, false);
              LOG.info("community {} deleted", id);
              ctx.response().setStatusCode(204).end();
            });
  }

  private void link(RoutingContext ctx) {
    String id = ctx.pathParam("community");
    String platform = ctx.pathParam("platform");
    String channel = ctx.pathParam("channel");
    JsonObject in = ctx.body().length() <= 0 ? new JsonObject() : CommunityInput.body(ctx);
    if (in == null) {
      return;
    }
    String problem = CommunityInput.channelProblem(platform, channel, in.getValue("name", channel));
    if (problem != null) {
      JsonResponses.error(ctx, 400, "invalid_field", problem);
      return;
    }
    store
        .get(id)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture((ChannelLink) null)
                    : store.link(
                        id, platform, channel, TextHygiene.nfc(in.getString("name", channel))))
        .onComplete(
            ar -> {
              if (ar.failed() && ar.cause() instanceof ChannelTakenException taken) {
                JsonResponses.error(ctx, 409, "channel_taken", taken.getMessage());
                return;
              }
              if (failed(ctx, ar.cause()) || missing(ctx, ar.result() != null, id)) {
                return;
              }
              JsonResponses.send(ctx, 200, channel(ar.result()));
            });
  }

  private void unlink(RoutingContext ctx) {
    String id = ctx.pathParam("community");
    String platform = ctx.pathParam("platform");
    String channel = ctx.pathParam("channel");
    store
        .channel(platform, channel)
        .compose(
            link ->
                link.isPresent() && link.get().community().equals(id)
                    ? store.unlink(platform, channel)
                    : Future.succeededFuture(false))
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause())) {
                return;
              }
              if (!ar.result()) {
                JsonResponses.error(
                    ctx,
                    404,
                    "unknown_channel",
                    platform + " channel " + channel + " is not joined to community " + id);
                return;
              }
              ctx.response().setStatusCode(204).end();
            });
  }

  private void detail(RoutingContext ctx, String id, int status) {
    store
        .get(id)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture((JsonObject) null)
                    : store
                        .channels(id)
                        .compose(
                            links ->
                                store
                                    .settings(id)
                                    .map(
                                        settings -> {
                                          JsonArray channels = new JsonArray();
                                          links.forEach(l -> channels.add(channel(l)));
                                          return summary(found.get())
                                              .put("channels", channels)
                                              .put(
                                                  "settings", new JsonObject(Map.copyOf(settings)));
                                        })))
        .onComplete(
            ar -> {
              if (failed(ctx, ar.cause()) || missing(ctx, ar.result() != null, id)) {
                return;
              }
              JsonResponses.send(ctx, status, ar.result());
            });
  }

  private static JsonObject summary(Community c) {
    return new JsonObject()
        .put("id", c.id())
        .put("name", c.name())
        .put("createdAt", c.createdAt().toString());
  }

  private static JsonObject channel(ChannelLink l) {
    return new JsonObject()
        .put("platform", l.platform())
        .put("id", l.channelId())
        .put("name", l.channelName());
  }

  private static boolean missing(RoutingContext ctx, boolean found, String id) {
    if (!found) {
      JsonResponses.error(ctx, 404, "unknown_community", "community '" + id + "' does not exist");
    }
    return !found;
  }

  private static boolean failed(RoutingContext ctx, Throwable cause) {
    if (cause == null) {
      return false;
    }
    if (cause instanceof ChannelTakenException taken) {
      JsonResponses.error(ctx, 409, "channel_taken", taken.getMessage());
      return true;
    }
    LOG.error("community store failed: {}", cause.toString());
    JsonResponses.error(ctx, 503, "store_unavailable", "the community store did not answer");
    return true;
  }
}
