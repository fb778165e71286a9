package dev.chorus.command;

import dev.chorus.command.builtin.Builtins;
import dev.chorus.command.template.Template;
import dev.chorus.command.template.TemplateException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks a command or alias definition passes before it is stored, the same from chat and from
 * the admin API: a valid name not taken by a built-in or another stage, a response that parses, no
 * call chain that comes back to itself, no alias chain that loops. Each refusal says why.
 */
public final class CommandDefinitions {

  public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

  /** How many stored commands a loop check reads at most. */
  static final int MAX_LOOKUPS = 50;

  /** Alias chains longer than this are refused (and not followed at run time). */
  public static final int MAX_ALIAS_DEPTH = 5;

  private final CommandStore store;
  private final Builtins builtins;

  public CommandDefinitions(CommandStore store, Builtins builtins) {
    this.store = store;
    this.builtins = builtins;
  }

  /** The name without a leading prefix, lower case; fails unless it is a valid command name. */
  public static String name(String raw, String prefix) {
    String n = raw == null ? "" : raw.strip();
    if (prefix != null && !prefix.isEmpty() && n.startsWith(prefix)) {
      n = n.substring(prefix.length());
    } else if (n.startsWith("!")) {
      n = n.substring(1);
    }
    n = n.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(n).matches()) {
      throw DefinitionException.invalid(
          "a name is 1 to 32 letters, digits, '_' or '-'; got '" + shorten(raw) + "'");
    }
    return n;
  }

  /** Checks a custom command's name and response; fails with the reason. */
  public Future<Void> checkCommand(String community, String name, String response) {
    if (builtins.reserved(name)) {
      return Future.failedFuture(
          DefinitionException.conflict("!" + name + " is a built-in or belongs to another stage"));
    }
    Template template;
    try {
      template = Template.parse(response);
    } catch (TemplateException e) {
      return Future.failedFuture(DefinitionException.invalid(e.getMessage()));
    }
    if (response.isBlank()) {
      return Future.failedFuture(DefinitionException.invalid("a response is required"));
    }
    return store
        .alias(community, name)
        .compose(
            alias -> {
              if (alias.isPresent()) {
                return Future.failedFuture(
                    DefinitionException.conflict("!" + name + " is an alias; delete it first"));
              }
              return checkCalls(community, name, template);
            });
  }

  /**
   * Follows the calls {@code template} makes, breadth first, through the stored commands; refuses a
   * chain that comes back to {@code name}, and calls to commands that do not exist.
   */
  private Future<Void> checkCalls(String community, String name, Template template) {
    List<List<String>> frontier = new ArrayList<>();
    for (String called : template.calls()) {
      frontier.add(List.of(name, called));
    }
    return walk(community, name, frontier, new int[] {0});
  }

  private Future<Void> walk(
      String community, String name, List<List<String>> frontier, int[] lookups) {
    if (frontier.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> chain = frontier.remove(0);
    String last = chain.get(chain.size() - 1);
    if (last.equals(name)) {
      return Future.failedFuture(DefinitionException.invalid("recursion refused: " + path(chain)));
    }
    if (chain.size() > MAX_ALIAS_DEPTH || ++lookups[0] > MAX_LOOKUPS) {
      return Future.failedFuture(
          DefinitionException.invalid("calls nest too deep: " + path(chain)));
    }
    if (builtins.get(last).isPresent()) {
      return walk(community, name, frontier, lookups);
    }
    return store
        .command(community, last)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(
                    DefinitionException.invalid("there is no command !" + last + " to call"));
              }
              try {
                for (String next : Template.parse(found.get().response()).calls()) {
                  List<String> longer = new ArrayList<>(chain);
                  longer.add(next);
                  frontier.add(longer);
                }
              } catch (TemplateException e) {
                // a stored response that no longer parses calls nothing
              }
              return walk(community, name, frontier, lookups);
            });
  }

  /**
   * Checks an alias: a free name, a target that is a command, and no loop back to the alias.
   *
   * @param target what the alias runs, without the prefix ({@code say Hello ${user}})
   */
  public Future<Void> checkAlias(String community, String alias, String target) {
    if (builtins.reserved(alias)) {
      return Future.failedFuture(
          DefinitionException.conflict("!" + alias + " is a built-in or belongs to another stage"));
    }
    Optional<CommandInvocation> first = CommandInvocation.parse("!" + target, "!");
    if (first.isEmpty()) {
      return Future.failedFuture(
          DefinitionException.invalid("an alias runs a command, like !alias add !hi !say Hello"));
    }
    try {
      Template.parse(target);
    } catch (TemplateException e) {
      return Future.failedFuture(DefinitionException.invalid(e.getMessage()));
    }
    return store
        .command(community, alias)
        .compose(
            existing -> {
              if (existing.isPresent()) {
                return Future.failedFuture(
                    DefinitionException.conflict(
                        "!" + alias + " is a custom command; delete it first"));
              }
              List<String> chain = new ArrayList<>(List.of(alias));
              return followAlias(community, alias, first.get().name(), chain);
            });
  }

  private Future<Void> followAlias(
      String community, String alias, String next, List<String> chain) {
    chain.add(next);
    if (next.equals(alias)) {
      return Future.failedFuture(DefinitionException.invalid("alias loop refused: " + path(chain)));
    }
    if (chain.size() > MAX_ALIAS_DEPTH) {
      return Future.failedFuture(
          DefinitionException.invalid("aliases chain at most " + MAX_ALIAS_DEPTH + " deep"));
    }
    if (builtins.get(next).isPresent()) {
      return Future.succeededFuture();
    }
    return store
        .alias(community, next)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture();
              }
              Optional<CommandInvocation> target =
                  CommandInvocation.parse("!" + found.get().target(), "!");
              return target.isEmpty()
                  ? Future.succeededFuture()
                  : followAlias(community, alias, target.get().name(), chain);
            });
  }

  static String path(List<String> chain) {
    StringBuilder out = new StringBuilder();
    for (String c : chain) {
      if (!out.isEmpty()) {
        out.append(" → ");
      }
      out.append('!').append(c);
    }
    return out.toString();
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
