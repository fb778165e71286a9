package dev.chorus.command;

import dev.chorus.command.builtin.Builtin;
import dev.chorus.command.builtin.Builtins;
import dev.chorus.command.template.Budget;
import dev.chorus.command.template.Template;
import dev.chorus.command.template.TemplateException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what a typed command is: a built-in, a custom command, an alias (followed, Linux style: the
 * caller's arguments are appended unless the target uses them), or a module's command — in that
 * order, so nothing shadows a built-in. Alias chains are bounded and a loop is refused with the
 * chain as the reason.
 */
final class CommandResolver {

  private final CommandStore store;
  private final Builtins builtins;
  private final ModuleCommands modules;
  private final CustomRunner custom;

  CommandResolver(
      CommandStore store, Builtins builtins, ModuleCommands modules, CustomRunner custom) {
    this.store = store;
    this.builtins = builtins;
    this.modules = modules;
    this.custom = custom;
  }

  Future<Resolved> resolve(CommandCall call) {
    return resolve(call, call.invocation(), new ArrayList<>());
  }

  private Future<Resolved> resolve(CommandCall call, CommandInvocation inv, List<String> aliases) {
    String name = inv.name();
    if (Builtins.OWNED_ELSEWHERE.contains(name)) {
      return Future.succeededFuture(new Resolved.Unknown());
    }
    Optional<Builtin> builtin = builtins.get(name);
    if (builtin.isPresent()) {
      Builtin b = builtin.get();
      CommandPolicy policy = aliases.isEmpty() ? b.policy() : b.policy().withLevel(b.aliasLevel());
      return Future.succeededFuture(new Resolved.Runnable(name, "builtin", policy, inv, b::run));
    }
    String community = call.community();
    return store
        .command(community, name)
        .compose(
            found -> {
              if (found.isPresent()) {
                CustomCommand cmd = found.get();
                if (!cmd.enabled()) {
                  return Future.succeededFuture(new Resolved.Disabled(name));
                }
                return Future.succeededFuture(
                    new Resolved.Runnable(
                        name, "custom", cmd.policy(), inv, c -> custom.run(c, cmd)));
              }
              return store
                  .alias(community, name)
                  .compose(
                      alias ->
                          alias.isPresent()
                              ? follow(call, inv, alias.get(), aliases)
                              : Future.succeededFuture(module(name, inv)));
            });
  }

  private Resolved module(String name, CommandInvocation inv) {
    return modules
        .find(name)
        .<Resolved>map(
            m -> new Resolved.Runnable(name, "module", m.policy(), inv, c -> modules.invoke(m, c)))
        .orElse(new Resolved.Unknown());
  }

  private Future<Resolved> follow(
      CommandCall call, CommandInvocation inv, Alias alias, List<String> aliases) {
    aliases.add(alias.alias());
    Template target;
    try {
      target = Template.parse(alias.target());
    } catch (TemplateException e) {
      return Future.succeededFuture(
          new Resolved.Refused("alias !" + alias.alias() + " is broken: " + e.getMessage()));
    }
    CommandCall scoped = new CommandCall(call.event(), inv, call.caller(), call.prefix());
    return custom
        .expand(scoped, alias.alias(), target, Budget.start(alias.alias()))
        .compose(
            text -> {
              String line =
                  usesArguments(target) || inv.rest().isEmpty() ? text : text + " " + inv.rest();
              Optional<CommandInvocation> next = CommandInvocation.parse("!" + line.strip(), "!");
              if (next.isEmpty()) {
                return Future.succeededFuture(
                    new Resolved.Refused(
                        "alias " + call.prefix() + alias.alias() + " runs no command"));
              }
              String targetName = next.get().name();
              if (aliases.contains(targetName)) {
                List<String> chain = new ArrayList<>(aliases);
                chain.add(targetName);
                return Future.succeededFuture(
                    new Resolved.Refused("alias loop refused: " + CommandDefinitions.path(chain)));
              }
              if (aliases.size() >= CommandDefinitions.MAX_ALIAS_DEPTH) {
                return Future.succeededFuture(
                    new Resolved.Refused(
                        "aliases chain at most " + CommandDefinitions.MAX_ALIAS_DEPTH + " deep"));
              }
              return resolve(call, next.get(), aliases);
            },
            e ->
                Future.succeededFuture(
                    new Resolved.Refused(
                        "alias " + call.prefix() + alias.alias() + ": " + e.getMessage())));
  }

  private static boolean usesArguments(Template t) {
    for (Template.Node n : t.nodes()) {
      if (n instanceof Template.Var v
          && (v.name().equals("args") || v.name().startsWith("arg") || v.name().equals("target"))) {
        return true;
      }
    }
    return false;
  }
}
