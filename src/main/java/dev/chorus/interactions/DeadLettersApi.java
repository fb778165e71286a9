package dev.chorus.interactions;

import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters of a community, and replaying them (decision 032):
 *
 * <ul>
 *   <li>{@code GET /api/v1/communities/{community}/dead-letters?limit=} — newest first, with the
 *       reason;
 *   <li>{@code GET …/dead-letters/{id}} — one, with the event as it was when it gave up;
 *   <li>{@code POST …/dead-letters/{id}/replay} — the event is unfinished again and the journal
 *       routes it from its journaled payload, with all its attempts;
 *   <li>{@code POST …/dead-letters/replay?limit=} — the same for the community's newest dead
 *       letters.
 * </ul>
 *
 * A replay is idempotent: while it is pending a second one changes nothing, and once it ran the
 * event's replies have the ids they had, so the log stores and egress says each of them once.
 */
final class DeadLettersApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLettersApi.class);
  private static final String BASE = "/api/v1/communities/:community/dead-letters";

  private final InteractionLog log;

  DeadLettersApi(InteractionLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    router.get(BASE).handler(this::list);
    router.post(BASE + "/replay").handler(this::replayAll);
    router.get(BASE + "/:id").handler(this::show);
    router.post(BASE + "/:id/replay").handler(this::replayOne);
    return Future.succeededFuture();
  }

  private void list(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    Integer limit = limit(ctx, 50);
    if (limit == null) {
      return;
    }
    log.deadLetters(community, limit)
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(row -> items.add(summary(row)));
              JsonResponses.send(
                  ctx, 200, new JsonObject().put("community", community).put("items", items));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private void show(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String id = ctx.pathParam("id");
    log.deadLetter(community, id)
        .onSuccess(
            row -> {
              if (row == null) {
                notFound(ctx, community, id);
                return;
              }
              JsonObject body = summary(row);
              try {
                body.put("event", new JsonObject(row.payload()));
              } catch (DecodeException e) {
                body.put("event", (Object) null);
              }
              JsonResponses.send(ctx, 200, body);
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private void replayOne(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String id = ctx.pathParam("id");
    log.deadLetter(community, id)
        .compose(
            row -> {
              if (row == null) {
                notFound(ctx, community, id);
                return Future.succeededFuture();
              }
              return log.reopen(community, List.of(row.inReplyTo()))
                  .onSuccess(
                      reopened -> {
                        LOG.info(
                            "dead letter {} of {}: event {} replayed ({})",
                            id,
                            community,
                            row.inReplyTo(),
                            reopened.isEmpty() ? "already pending" : "reopened");
                        JsonResponses.send(
                            ctx,
                            202,
                            new JsonObject()
                                .put("id", id)
                                .put("eventId", row.inReplyTo())
                                .put("replayed", !reopened.isEmpty()));
                      })
                  .mapEmpty();
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private void replayAll(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    Integer limit = limit(ctx, 1000);
    if (limit == null) {
      return;
    }
    log.deadLetters(community, limit)
        .compose(
            rows -> {
              List<String> events = new ArrayList<>(rows.size());
              rows.forEach(row -> events.add(row.inReplyTo()));
              return log.reopen(community, events).map(reopened -> answer(events, reopened));
            })
        .onSuccess(
            body -> {
              LOG.info(
                  "replayed {} dead letters of {}",
                  body.getJsonArray("replayed").size(),
                  community);
              JsonResponses.send(ctx, 202, body.put("community", community));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private static JsonObject answer(List<String> events, Set<String> reopened) {
    return new JsonObject()
        .put("replayed", new JsonArray(new ArrayList<>(reopened)))
        .put("alreadyPending", events.size() - reopened.size());
  }

  private static JsonObject summary(Interaction row) {
    return new JsonObject()
        .put("id", row.id())
        .put("eventId", row.inReplyTo())
        .put("reason", row.text())
        .put("platform", row.platform())
        .put("channel", row.channelId())
        .put("authorId", row.authorId())
        .put("at", row.at().toString());
  }

  /** The {@code limit} query parameter (1 to 1000), or null after answering 400. */
  private static Integer limit(RoutingContext ctx, int fallback) {
    String raw = ctx.queryParams().get("limit");
    int limit;
    try {
      limit = raw == null ? fallback : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      JsonResponses.error(ctx, 400, "invalid_limit", "limit must be an integer from 1 to 1000");
      return null;
    }
    return limit;
  }

  private static void notFound(RoutingContext ctx, String community, String id) {
    JsonResponses.error(
        ctx, 404, "not_found", "no dead letter " + id + " in community " + community);
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    LOG.error("dead-letter request failed: {}", e.toString());
    if (!ctx.response().ended()) {
      JsonResponses.error(ctx, 503, "store_unavailable", "the interaction log did not answer");
    }
  }
}
