package dev.chorus.command.builtin;

import dev.chorus.command.Alias;
import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandDefinitions;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.CommandStore;
import dev.chorus.command.DefinitionException;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.Locale;

/**
 * {@code !alias add !hi !say Hello ${user}}, {@code !alias del !hi}, {@code !alias show !hi},
 * {@code !alias list} (moderators). The target is stored without the prefix, so a community can
 * change its prefix without breaking its aliases.
 */
public final class AliasCommand {

  private AliasCommand() {}

  public static Builtin of(CommandStore store, CommandDefinitions definitions) {
    return new SimpleBuiltin(
        "alias",
        "<prefix>alias add !name !command args | del !name | show !name | list (moderators)",
        CommandPolicy.of(PermissionLevel.MODERATOR),
        c ->
            run(c, store, definitions)
                .recover(
                    e ->
                        e instanceof DefinitionException
                            ? Future.succeededFuture("Refused: " + e.getMessage())
                            : Future.failedFuture(e)));
  }

  private static Future<String> run(
      CommandCall c, CommandStore store, CommandDefinitions definitions) {
    String verb = c.invocation().arg(1).toLowerCase(Locale.ROOT);
    String p = c.prefix();
    if (verb.equals("list")) {
      return store
          .aliases(c.community())
          .map(
              all -> {
                if (all.isEmpty()) {
                  return "No aliases yet.";
                }
                StringBuilder out = new StringBuilder("Aliases: ");
                for (Alias a : all) {
                  if (out.length() > 380) {
                    out.append(" …");
                    break;
                  }
                  out.append(p).append(a.alias()).append(' ');
                }
                return out.toString().strip();
              });
    }
    if (c.invocation().arg(2).isEmpty()) {
      return Future.succeededFuture(
          "Usage: " + p + "alias add !name !command args | del !name | show !name | list");
    }
    String name;
    try {
      name = CommandDefinitions.name(c.invocation().arg(2), p);
    } catch (DefinitionException e) {
      return Future.failedFuture(e);
    }
    return switch (verb) {
      case "add" -> {
        String target = c.invocation().restAfter(2);
        if (target.startsWith(p)) {
          target = target.substring(p.length());
        } else if (target.startsWith("!")) {
          target = target.substring(1);
        }
        String stored = target;
        yield definitions
            .checkAlias(c.community(), name, stored)
            .compose(v -> store.putAlias(new Alias(c.community(), name, stored)))
            .map(v -> p + name + " now runs " + p + stored + ".");
      }
      case "del" ->
          store
              .deleteAlias(c.community(), name)
              .map(gone -> gone ? "Deleted alias " + p + name + "." : "No alias " + p + name + ".");
      case "show" ->
          store
              .alias(c.community(), name)
              .map(
                  a ->
                      a.map(x -> p + name + " runs " + p + x.target())
                          .orElse("No alias " + p + name + "."));
      default ->
          Future.succeededFuture(
              "Usage: " + p + "alias add !name !command args | del !name | show !name | list");
    };
  }
}
