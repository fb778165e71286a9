package dev.chorus.command.builtin;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandDefinitions;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.CommandStore;
import dev.chorus.command.CustomCommand;
import dev.chorus.command.DefinitionException;
import dev.chorus.command.ResponseMode;
import dev.chorus.command.template.Echo;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Custom commands from chat, for moderators: {@code !cmd add|edit|del|show|set <name> …} and the
 * familiar {@code !addcom}, {@code !editcom}, {@code !delcom}.
 */
public final class CustomCommandAdmin {

  private final CommandStore store;
  private final CommandDefinitions definitions;
  private final Clock clock;

  public CustomCommandAdmin(CommandStore store, CommandDefinitions definitions, Clock clock) {
    this.store = store;
    this.definitions = definitions;
    this.clock = clock;
  }

  public List<Builtin> all() {
    CommandPolicy mods = CommandPolicy.of(PermissionLevel.MODERATOR);
    return List.of(
        new SimpleBuiltin(
            "cmd",
            "<prefix>cmd add|edit|del|show|set <name> …: manages custom commands (moderators)",
            mods,
            this::cmd),
        new SimpleBuiltin(
            "addcom",
            "<prefix>addcom !name <response>: adds a custom command",
            mods,
            c -> guarded(c, "add", 1)),
        new SimpleBuiltin(
            "editcom",
            "<prefix>editcom !name <response>: changes a custom command",
            mods,
            c -> guarded(c, "edit", 1)),
        new SimpleBuiltin(
            "delcom",
            "<prefix>delcom !name: deletes a custom command",
            mods,
            c -> guarded(c, "del", 1)));
  }

  private Future<String> cmd(CommandCall c) {
    String verb = c.invocation().arg(1).toLowerCase(Locale.ROOT);
    return guarded(c, verb, 2);
  }

  /** Runs {@code verb} with the name at argument {@code at}; a refused definition says why. */
  private Future<String> guarded(CommandCall c, String verb, int at) {
    Future<String> out;
    try {
      out = run(c, verb, at);
    } catch (DefinitionException e) {
      out = Future.failedFuture(e);
    }
    return out.recover(
        e ->
            e instanceof DefinitionException
                ? Future.succeededFuture("Refused: " + e.getMessage())
                : Future.failedFuture(e));
  }

  private Future<String> run(CommandCall c, String verb, int at) {
    if (c.invocation().arg(at).isEmpty()) {
      return Future.succeededFuture("Usage: " + c.prefix() + "cmd add|edit|del|show|set <name> …");
    }
    String name = CommandDefinitions.name(c.invocation().arg(at), c.prefix());
    String text = c.invocation().restAfter(at);
    String community = c.community();
    String who = c.caller().name();
    return switch (verb) {
      case "add" ->
          store
              .command(community, name)
              .compose(
                  existing ->
                      existing.isPresent()
                          ? Future.failedFuture(
                              DefinitionException.conflict(
                                  c.prefix() + name + " exists; use " + c.prefix() + "cmd edit"))
                          : definitions.checkCommand(community, name, text))
              .compose(
                  v ->
                      store.putCommand(
                          new CustomCommand(
                              community,
                              name,
                              text,
                              CommandPolicy.OPEN,
                              true,
                              "",
                              who,
                              clock.instant())))
              .map(v -> "Added " + c.prefix() + name + ".");
      case "edit" ->
          existing(community, name, c.prefix())
              .compose(
                  cmd ->
                      definitions
                          .checkCommand(community, name, text)
                          .compose(
                              v -> store.putCommand(cmd.withResponse(text, who, clock.instant()))))
              .map(v -> "Changed " + c.prefix() + name + ".");
      case "del" ->
          store
              .deleteCommand(community, name)
              .map(
                  gone ->
                      gone
                          ? "Deleted " + c.prefix() + name + "."
                          : "There is no custom command " + c.prefix() + name + ".");
      case "show" ->
          existing(community, name, c.prefix())
              .map(cmd -> c.prefix() + name + " → " + cmd.response() + " [" + describe(cmd) + "]");
      case "set" ->
          existing(community, name, c.prefix())
              .compose(
                  cmd -> {
                    CommandPolicy policy = apply(cmd.policy(), c.invocation().args(), at);
                    return store
                        .putCommand(cmd.withPolicy(policy, who, clock.instant()))
                        .map(
                            v ->
                                c.prefix()
                                    + name
                                    + ": "
                                    + describe(cmd.withPolicy(policy, who, null)));
                  });
      default ->
          Future.succeededFuture("Usage: " + c.prefix() + "cmd add|edit|del|show|set <name> …");
    };
  }

  private Future<CustomCommand> existing(String community, String name, String prefix) {
    return store
        .command(community, name)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(
                        () ->
                            Future.failedFuture(
                                DefinitionException.notFound(
                                    "there is no custom command " + prefix + name))));
  }

  /**
   * Applies {@code key=value} options after the name: {@code level}, {@code cooldown}, {@code
   * usercooldown}, {@code limit=N/S}, {@code platforms=a,b}, {@code mode}, {@code shadow=on|off}.
   */
  static CommandPolicy apply(CommandPolicy policy, List<String> args, int at) {
    if (args.size() <= at) {
      throw DefinitionException.invalid(
          "options: level=, cooldown=, usercooldown=, limit=N/S, platforms=, mode=, shadow=");
    }
    try {
      for (String option : args.subList(at, args.size())) {
        int eq = option.indexOf('=');
        if (eq < 1) {
          throw DefinitionException.invalid(
              "an option is key=value; got '" + Echo.of(option) + "'");
        }
        String key = option.substring(0, eq).toLowerCase(Locale.ROOT);
        String value = option.substring(eq + 1).strip();
        policy =
            switch (key) {
              case "level", "permission" -> policy.withLevel(CommandPolicy.level(value));
              case "cooldown" ->
                  policy.withCooldowns(seconds(value), policy.personCooldownSeconds());
              case "usercooldown", "personcooldown" ->
                  policy.withCooldowns(policy.globalCooldownSeconds(), seconds(value));
              case "limit" -> limit(policy, value);
              case "platforms" ->
                  policy.withPlatforms(
                      value.isEmpty() || value.equals("all")
                          ? Set.of()
                          : Set.of(value.toLowerCase(Locale.ROOT).split("\\s*,\\s*")));
              case "mode" -> policy.withMode(ResponseMode.parse(value));
              case "shadow" -> policy.withShadow(Set.of("on", "true", "yes").contains(value));
              default -> throw DefinitionException.invalid("unknown option " + Echo.of(key));
            };
      }
    } catch (DefinitionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw DefinitionException.invalid(e.getMessage());
    }
    return policy;
  }

  private static CommandPolicy limit(CommandPolicy policy, String value) {
    if (value.equals("0") || value.equals("off")) {
      return policy.withChannelLimit(0, 0);
    }
    String[] parts = value.split("/");
    if (parts.length != 2) {
      throw DefinitionException.invalid("limit is N/S: N runs per S seconds per channel");
    }
    return policy.withChannelLimit(seconds(parts[0]), seconds(parts[1]));
  }

  private static int seconds(String v) {
    try {
      return Integer.parseInt(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
    } catch (NumberFormatException e) {
      throw DefinitionException.invalid("not a number: '" + Echo.of(v) + "'");
    }
  }

  static String describe(CustomCommand cmd) {
    CommandPolicy p = cmd.policy();
    StringBuilder out = new StringBuilder(p.level().wire());
    if (p.globalCooldownSeconds() > 0) {
      out.append(", cooldown ").append(p.globalCooldownSeconds()).append(" s");
    }
    if (p.personCooldownSeconds() > 0) {
      out.append(", per person ").append(p.personCooldownSeconds()).append(" s");
    }
    if (p.channelLimit() > 0) {
      out.append(", ").append(p.channelLimit()).append('/').append(p.channelWindowSeconds());
      out.append(" s per channel");
    }
    if (!p.platforms().isEmpty()) {
      out.append(", on ").append(String.join(",", new java.util.TreeSet<>(p.platforms())));
    }
    if (p.mode() != ResponseMode.REPLY) {
      out.append(", ").append(p.mode().wire());
    }
    if (p.shadow()) {
      out.append(", shadow");
    }
    if (!cmd.enabled()) {
      out.append(", disabled");
    }
    return out.toString();
  }
}
