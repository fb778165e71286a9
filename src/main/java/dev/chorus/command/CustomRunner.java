package dev.chorus.command;

import dev.chorus.command.builtin.BasicCommands;
import dev.chorus.command.builtin.Builtin;
import dev.chorus.command.builtin.Builtins;
import dev.chorus.command.template.Budget;
import dev.chorus.command.template.Echo;
import dev.chorus.command.template.Scope;
import dev.chorus.command.template.Template;
import dev.chorus.command.template.TemplateEngine;
import dev.chorus.command.template.TemplateException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Runs custom commands: expands the response template for the caller. {@code ${count}} is the
 * command's own counter in the command store ({@code cmd:<name>}, a name {@code !count} cannot
 * spell); {@code ${call name}} runs another custom command or a built-in the caller may use,
 * without its cooldowns, inside the same budget.
 */
final class CustomRunner {

  private final CommandStore store;
  private final Builtins builtins;
  private final CommunitySettings settings;
  private final Clock clock;
  private final RandomGenerator random;

  CustomRunner(
      CommandStore store,
      Builtins builtins,
      CommunitySettings settings,
      Clock clock,
      RandomGenerator random) {
    this.store = store;
    this.builtins = builtins;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
  }

  /** The reply of a custom command: user text in it is bounded ({@link Echo}). */
  Future<String> run(CommandCall call, CustomCommand cmd) {
    Template template = Template.parse(cmd.response());
    return expand(call, cmd.name(), template, Budget.start(cmd.name()), true);
  }

  /**
   * An alias target expanded to the command line it runs: arguments pass on whole, the command run
   * bounds what it says.
   */
  Future<String> expand(CommandCall call, String name, Template template, Budget budget) {
    return expand(call, name, template, budget, false);
  }

  private Future<String> expand(
      CommandCall call, String name, Template template, Budget budget, boolean reply) {
    return settings
        .startedAt(call.community())
        .compose(
            started -> TemplateEngine.expand(template, scope(call, name, started, reply), budget));
  }

  /**
   * What a template reads. In a reply ({@code reply}), the speaker's name and every argument are
   * bounded and defused ({@link Echo}); in an alias's command line they pass as typed.
   */
  private Scope scope(CommandCall call, String name, Optional<Instant> started, boolean reply) {
    return new Scope() {
      @Override
      public String user() {
        return reply ? Echo.of(call.caller().name()) : call.caller().name();
      }

      @Override
      public String pronouns() {
        return call.caller().pronouns();
      }

      @Override
      public String args() {
        return reply ? Echo.of(call.invocation().rest()) : call.invocation().rest();
      }

      @Override
      public List<String> argList() {
        List<String> args = call.invocation().args();
        return reply ? args.stream().map(Echo::of).toList() : args;
      }

      @Override
      public String channel() {
        return call.caller().channelName();
      }

      @Override
      public Future<Long> count() {
        return store.increment(call.community(), "cmd:" + name, 1);
      }

      @Override
      public String uptime() {
        return started.map(at -> BasicCommands.UptimeText.since(at, clock)).orElse("offline");
      }

      @Override
      public long random(long lo, long hi) {
        return lo == hi ? lo : random.nextLong(lo, hi == Long.MAX_VALUE ? hi : hi + 1);
      }

      @Override
      public Future<String> call(String called, String args, Budget nested) {
        CommandInvocation inv = new CommandInvocation(called, CommandInvocation.split(args), args);
        CommandCall sub = new CommandCall(call.event(), inv, call.caller(), call.prefix());
        Optional<Builtin> builtin = builtins.get(called);
        if (builtin.isPresent()) {
          return allowed(call, called, builtin.get().policy()).compose(v -> builtin.get().run(sub));
        }
        return store
            .command(call.community(), called)
            .compose(
                found -> {
                  if (found.isEmpty() || !found.get().enabled()) {
                    return Future.failedFuture(
                        new TemplateException("there is no command !" + called + " to call"));
                  }
                  CustomCommand cmd = found.get();
                  return allowed(call, called, cmd.policy())
                      .compose(
                          v ->
                              TemplateEngine.expand(
                                  Template.parse(cmd.response()),
                                  scope(sub, called, started, reply),
                                  nested));
                });
      }
    };
  }

  private static Future<Void> allowed(CommandCall call, String called, CommandPolicy policy) {
    return call.caller().level().atLeast(policy.level())
        ? Future.succeededFuture()
        : Future.failedFuture(
            new TemplateException("!" + called + " is for " + policy.level().wire() + "s"));
  }
}
