package dev.chorus.command.api;

import static dev.chorus.command.api.ApiSupport.answer;
import static dev.chorus.command.api.ApiSupport.body;
import static dev.chorus.command.api.ApiSupport.bool;
import static dev.chorus.command.api.ApiSupport.fail;
import static dev.chorus.command.api.ApiSupport.integer;
import static dev.chorus.command.api.ApiSupport.string;

import dev.chorus.command.CommandDefinitions;
import dev.chorus.command.CommandStore;
import dev.chorus.command.CommandTimer;
import dev.chorus.command.DefinitionException;
import dev.chorus.command.Quote;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Counters, quotes and timers of the command admin API. */
final class ContentApi {

  /** Timers a community may have. */
  static final int MAX_TIMERS = 50;

  private final CommandStore store;

  ContentApi(CommandStore store) {
    this.store = store;
  }

  void mount(Router router) {
    String base = CommandApi.BASE;
    router.get(base + "counters/:name").handler(this::getCounter);
    router.put(base + "counters/:name").handler(this::setCounter);
    router.post(base + "counters/:name/increment").handler(this::increment);
    router.get(base + "quotes").handler(this::listQuotes);
    router.post(base + "quotes").handler(this::addQuote);
    router.get(base + "quotes/:number").handler(this::getQuote);
    router.delete(base + "quotes/:number").handler(this::deleteQuote);
    router.get(base + "timers").handler(this::listTimers);
    router.put(base + "timers/:name").handler(this::putTimer);
    router.delete(base + "timers/:name").handler(this::deleteTimer);
  }

  private static String name(RoutingContext ctx) {
    return CommandDefinitions.name(ctx.pathParam("name"), "!");
  }

  private void getCounter(RoutingContext ctx) {
    try {
      String name = name(ctx);
      answer(ctx, store.counter(ctx.pathParam("community"), name), 200, v -> counter(name, v));
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private void setCounter(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    try {
      String name = name(ctx);
      long value = longField(body, "value");
      answer(
          ctx,
          store.setCounter(ctx.pathParam("community"), name, value),
          200,
          v -> counter(name, value));
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private void increment(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    try {
      String name = name(ctx);
      long delta = longField(body, "delta");
      answer(
          ctx,
          store.increment(ctx.pathParam("community"), name, delta),
          200,
          v -> counter(name, v));
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private static long longField(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw DefinitionException.invalid(key + " must be an integer");
    }
    if (Math.abs(n.doubleValue()) > 1e15) {
      throw DefinitionException.invalid(key + " is out of range");
    }
    return n.longValue();
  }

  private static JsonObject counter(String name, long value) {
    return new JsonObject().put("name", name).put("value", value);
  }

  private void listQuotes(RoutingContext ctx) {
    long after;
    int limit;
    try {
      after = parse(ctx.queryParams().get("after"), 0);
      limit = (int) parse(ctx.queryParams().get("limit"), 50);
      if (after < 0 || limit < 1 || limit > 500) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      JsonResponses.error(
          ctx, 400, "invalid_query", "after is a quote number, limit an integer from 1 to 500");
      return;
    }
    answer(
        ctx,
        store.quotes(ctx.pathParam("community"), after, limit),
        200,
        all -> {
          JsonArray items = new JsonArray();
          all.forEach(q -> items.add(quote(q)));
          return new JsonObject().put("items", items);
        });
  }

  private static long parse(String raw, long fallback) {
    return raw == null ? fallback : Long.parseLong(raw);
  }

  private void addQuote(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    try {
      String text = string(body, "text", "").strip();
      if (text.isEmpty() || text.length() > 400) {
        throw DefinitionException.invalid("text is 1 to 400 characters");
      }
      String by = CommandApi.bounded(string(body, "addedBy", "admin-api"), 128, "addedBy");
      answer(ctx, store.addQuote(ctx.pathParam("community"), text, by), 201, ContentApi::quote);
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private void getQuote(RoutingContext ctx) {
    long number = number(ctx);
    if (number < 0) {
      return;
    }
    answer(
        ctx,
        store
            .quote(ctx.pathParam("community"), number)
            .compose(
                q ->
                    q.map(Future::succeededFuture)
                        .orElseGet(
                            () ->
                                Future.failedFuture(
                                    DefinitionException.notFound("no quote #" + number)))),
        200,
        ContentApi::quote);
  }

  private void deleteQuote(RoutingContext ctx) {
    long number = number(ctx);
    if (number < 0) {
      return;
    }
    store
        .deleteQuote(ctx.pathParam("community"), number)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                fail(ctx, ar.cause());
              } else if (!ar.result()) {
                JsonResponses.error(ctx, 404, "not_found", "no quote #" + number);
              } else {
                ctx.response().setStatusCode(204).end();
              }
            });
  }

  private static long number(RoutingContext ctx) {
    String raw = ctx.pathParam("number");
    if (raw == null || !raw.matches("\\d{1,12}") || Long.parseLong(raw) < 1) {
      JsonResponses.error(ctx, 400, "invalid_number", "a quote number is a positive integer");
      return -1;
    }
    return Long.parseLong(raw);
  }

  private static JsonObject quote(Quote q) {
    return new JsonObject()
        .put("number", q.number())
        .put("text", q.text())
        .put("addedBy", q.addedBy())
        .put("createdAt", q.createdAt().toString());
  }

  private void listTimers(RoutingContext ctx) {
    answer(
        ctx,
        store.timers(ctx.pathParam("community")),
        200,
        all -> {
          JsonArray items = new JsonArray();
          all.forEach(t -> items.add(timer(t)));
          return new JsonObject().put("items", items);
        });
  }

  private void putTimer(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    String community = ctx.pathParam("community");
    CommandTimer timer;
    try {
      String message = string(body, "message", "").strip();
      if (message.isEmpty() || message.length() > 500) {
        throw DefinitionException.invalid("message is 1 to 500 characters");
      }
      timer =
          new CommandTimer(
              community,
              name(ctx),
              message,
              integer(body, "intervalSeconds", -1, 1, 86_400),
              integer(body, "minLines", 0, 0, 10_000),
              bool(body, "enabled", true));
      if (timer.intervalSeconds() < 1) {
        throw DefinitionException.invalid("intervalSeconds is required (1 to 86400)");
      }
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    answer(
        ctx,
        store
            .timers(community)
            .compose(
                all ->
                    all.size() >= MAX_TIMERS
                            && all.stream().noneMatch(t -> t.name().equals(timer.name()))
                        ? Future.failedFuture(
                            DefinitionException.conflict(
                                "a community has at most " + MAX_TIMERS + " timers"))
                        : store.putTimer(timer)),
        200,
        v -> timer(timer));
  }

  private void deleteTimer(RoutingContext ctx) {
    try {
      String name = name(ctx);
      store
          .deleteTimer(ctx.pathParam("community"), name)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  fail(ctx, ar.cause());
                } else if (!ar.result()) {
                  JsonResponses.error(ctx, 404, "not_found", "no timer " + name);
                } else {
                  ctx.response().setStatusCode(204).end();
                }
              });
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private static JsonObject timer(CommandTimer t) {
    return new JsonObject()
        .put("name", t.name())
        .put("message", t.message())
        .put("intervalSeconds", t.intervalSeconds())
        .put("minLines", t.minLines())
        .put("enabled", t.enabled());
  }
}
