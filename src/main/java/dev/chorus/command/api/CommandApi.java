package dev.chorus.command.api;

import static dev.chorus.command.api.ApiSupport.answer;
import static dev.chorus.command.api.ApiSupport.body;
import static dev.chorus.command.api.ApiSupport.bool;
import static dev.chorus.command.api.ApiSupport.fail;
import static dev.chorus.command.api.ApiSupport.integer;
import static dev.chorus.command.api.ApiSupport.string;

import dev.chorus.command.Alias;
import dev.chorus.command.CommandDefinitions;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.CommandStore;
import dev.chorus.command.CustomCommand;
import dev.chorus.command.DefinitionException;
import dev.chorus.command.ResponseMode;
import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The command admin API under {@code /api/v1/communities/{community}/}: {@code commands}, {@code
 * aliases} (this class) and {@code counters}, {@code quotes}, {@code timers} ({@link ContentApi}).
 * Definitions pass the same checks as from chat ({@link CommandDefinitions}).
 */
public final class CommandApi implements HttpRoutes {

  /** Largest request body accepted. */
  public static final int MAX_BODY = 16 * 1024;

  static final String BASE = "/api/v1/communities/:community/";

  private final CommandStore store;
  private final CommandDefinitions definitions;
  private final Clock clock;

  public CommandApi(CommandStore store, CommandDefinitions definitions, Clock clock) {
    this.store = store;
    this.definitions = definitions;
    this.clock = clock;
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    for (String kind : List.of("commands", "aliases", "counters", "quotes", "timers")) {
      router.route(BASE + kind + "*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    }
    router.get(BASE + "commands").handler(this::listCommands);
    router.get(BASE + "commands/:name").handler(this::getCommand);
    router.put(BASE + "commands/:name").handler(this::putCommand);
    router.delete(BASE + "commands/:name").handler(this::deleteCommand);
    router.get(BASE + "aliases").handler(this::listAliases);
    router.put(BASE + "aliases/:name").handler(this::putAlias);
    router.delete(BASE + "aliases/:name").handler(this::deleteAlias);
    new ContentApi(store).mount(router);
    return Future.succeededFuture();
  }

  private void listCommands(RoutingContext ctx) {
    answer(
        ctx,
        store.commands(ctx.pathParam("community")),
        200,
        all -> {
          JsonArray items = new JsonArray();
          all.forEach(c -> items.add(json(c)));
          return new JsonObject().put("items", items);
        });
  }

  private void getCommand(RoutingContext ctx) {
    String community = ctx.pathParam("community");
    String name;
    try {
      name = CommandDefinitions.name(ctx.pathParam("name"), "!");
    } catch (DefinitionException e) {
      fail(ctx, e);
      return;
    }
    answer(
        ctx,
        store
            .command(community, name)
            .compose(
                found ->
                    found
                        .map(Future::succeededFuture)
                        .orElseGet(
                            () ->
                                Future.failedFuture(
                                    DefinitionException.notFound("no command " + name)))),
        200,
        CommandApi::json);
  }

  private void putCommand(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    String community = ctx.pathParam("community");
    CustomCommand command;
    try {
      String name = CommandDefinitions.name(ctx.pathParam("name"), "!");
      String response = string(body, "response", null);
      if (response == null) {
        throw DefinitionException.invalid("response is required");
      }
      command =
          new CustomCommand(
              community,
              name,
              response,
              policy(body),
              bool(body, "enabled", true),
              bounded(string(body, "description", ""), 200, "description"),
              bounded(string(body, "updatedBy", "admin-api"), 128, "updatedBy"),
              clock.instant());
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    answer(
        ctx,
        definitions
            .checkCommand(community, command.name(), command.response())
            .compose(v -> store.putCommand(command))
            .map(v -> command),
        200,
        CommandApi::json);
  }

  private void deleteCommand(RoutingContext ctx) {
    deleted(ctx, name -> store.deleteCommand(ctx.pathParam("community"), name), "command");
  }

  private void listAliases(RoutingContext ctx) {
    answer(
        ctx,
        store.aliases(ctx.pathParam("community")),
        200,
        all -> {
          JsonArray items = new JsonArray();
          all.forEach(
              a -> items.add(new JsonObject().put("name", a.alias()).put("target", a.target())));
          return new JsonObject().put("items", items);
        });
  }

  private void putAlias(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    String community = ctx.pathParam("community");
    String name;
    String target;
    try {
      name = CommandDefinitions.name(ctx.pathParam("name"), "!");
      target = string(body, "target", "").strip();
      if (target.startsWith("!")) {
        target = target.substring(1);
      }
      bounded(target, 500, "target");
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    String stored = target;
    answer(
        ctx,
        definitions
            .checkAlias(community, name, stored)
            .compose(v -> store.putAlias(new Alias(community, name, stored))),
        200,
        v -> new JsonObject().put("name", name).put("target", stored));
  }

  private void deleteAlias(RoutingContext ctx) {
    deleted(ctx, name -> store.deleteAlias(ctx.pathParam("community"), name), "alias");
  }

  private void deleted(
      RoutingContext ctx,
      java.util.function.Function<String, Future<Boolean>> delete,
      String what) {
    String name;
    try {
      name = CommandDefinitions.name(ctx.pathParam("name"), "!");
    } catch (DefinitionException e) {
      fail(ctx, e);
      return;
    }
    delete
        .apply(name)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                fail(ctx, ar.cause());
              } else if (!ar.result()) {
                JsonResponses.error(ctx, 404, "not_found", "no " + what + " " + name);
              } else {
                ctx.response().setStatusCode(204).end();
              }
            });
  }

  static CommandPolicy policy(JsonObject body) {
    int max = CommandPolicy.MAX_SECONDS;
    Set<String> platforms = new HashSet<>();
    Object raw = body.getValue("platforms");
    if (raw != null) {
      if (!(raw instanceof JsonArray array) || array.size() > 10) {
        throw DefinitionException.invalid("platforms must be an array of at most 10 names");
      }
      for (Object p : array) {
        if (!(p instanceof String s) || !s.matches("[a-z]{1,16}")) {
          throw DefinitionException.invalid("a platform is a lower-case name like twitch");
        }
        platforms.add(s);
      }
    }
    try {
      return new CommandPolicy(
          CommandPolicy.level(string(body, "permission", "viewer")),
          integer(body, "globalCooldown", 0, 0, max),
          integer(body, "personCooldown", 0, 0, max),
          integer(body, "channelLimit", 0, 0, 10_000),
          integer(body, "channelWindow", 0, 0, max),
          platforms,
          ResponseMode.parse(string(body, "mode", "reply")),
          bool(body, "shadow", false));
    } catch (DefinitionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw DefinitionException.invalid(e.getMessage());
    }
  }

  static JsonObject json(CustomCommand c) {
    CommandPolicy p = c.policy();
    return new JsonObject()
        .put("name", c.name())
        .put("response", c.response())
        .put("description", c.description())
        .put("permission", p.level().wire())
        .put("globalCooldown", p.globalCooldownSeconds())
        .put("personCooldown", p.personCooldownSeconds())
        .put("channelLimit", p.channelLimit())
        .put("channelWindow", p.channelWindowSeconds())
        .put("platforms", new JsonArray(List.copyOf(new java.util.TreeSet<>(p.platforms()))))
        .put("mode", p.mode().wire())
        .put("shadow", p.shadow())
        .put("enabled", c.enabled())
        .put("updatedBy", c.updatedBy())
        .put("updatedAt", c.updatedAt() == null ? null : c.updatedAt().toString());
  }

  static String bounded(String value, int max, String what) {
    if (value.length() > max) {
      throw DefinitionException.invalid(what + " is at most " + max + " characters");
    }
    return value;
  }
}
