package dev.chorus.interactions;

import dev.chorus.interactions.InteractionLog.Cursor;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/communities/{community}/interactions?limit=&channel=&before=}: the latest
 * rows, newest first, a page at a time: a full page carries {@code next}, the {@code before} of the
 * page after it.
 */
final class InteractionsApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(InteractionsApi.class);

  private final InteractionLog log;

  InteractionsApi(InteractionLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    router.get("/api/v1/communities/:community/interactions").handler(this::latest);
    router.get("/api/v1/journal").handler(this::journal);
    return Future.succeededFuture();
  }

  /** {@code GET /api/v1/journal}: how many accepted events have not finished yet. */
  private void journal(RoutingContext ctx) {
    log.unfinished()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                JsonResponses.error(
                    ctx, 503, "store_unavailable", "the interaction log did not answer");
              } else {
                JsonResponses.send(ctx, 200, new JsonObject().put("unfinished", ar.result()));
              }
            });
  }

  private void latest(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    int limit;
    try {
      String raw = ctx.queryParams().get("limit");
      limit = raw == null ? 50 : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      JsonResponses.error(ctx, 400, "invalid_limit", "limit must be an integer from 1 to 1000");
      return;
    }
    String channel = ctx.queryParams().get("channel");
    InteractionLog.Cursor before;
    try {
      before = PageCursor.decode(ctx.queryParams().get("before"));
    } catch (IllegalArgumentException e) {
      JsonResponses.error(ctx, 400, "invalid_cursor", e.getMessage());
      return;
    }
    int pageSize = limit;
    log.latest(community, channel, before, limit)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error(
                    "reading interactions of {} failed: {}", community, ar.cause().toString());
                JsonResponses.error(
                    ctx, 503, "store_unavailable", "the interaction log did not answer");
                return;
              }
              JsonArray items = new JsonArray();
              for (Interaction row : ar.result()) {
                items.add(
                    new JsonObject()
                        .put("id", row.id())
                        .put("kind", row.kind().dbName())
                        .put("type", row.type())
                        .put("platform", row.platform())
                        .put("channel", row.channelId())
                        .put("authorId", row.authorId())
                        .put("authorName", row.authorName())
                        .put("text", row.text())
                        .put("inReplyTo", row.inReplyTo())
                        .put("at", row.at().toString()));
              }
              JsonObject page = new JsonObject().put("community", community).put("items", items);
              List<Interaction> rows = ar.result();
              if (rows.size() == pageSize) {
                page.put("next", PageCursor.encode(Cursor.after(rows.get(rows.size() - 1))));
              }
              JsonResponses.send(ctx, 200, page);
            });
  }
}
