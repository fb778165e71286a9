package dev.chorus.command;

import io.vertx.core.Future;
import java.util.function.Function;

/** What a typed command turned out to be, after aliases. */
sealed interface Resolved {

  /** Not a command this stage knows: stay silent, later stages may own it. */
  record Unknown() implements Resolved {}

  /** A command that exists but is switched off: silent. */
  record Disabled(String name) implements Resolved {}

  /** Refused before it ran (an alias loop): say why. */
  record Refused(String reason) implements Resolved {}

  /**
   * Something to run.
   *
   * @param name the command whose cooldowns apply (the alias's target)
   * @param invocation what it runs with (after alias expansion)
   */
  record Runnable(
      String name,
      String kind,
      CommandPolicy policy,
      CommandInvocation invocation,
      Function<CommandCall, Future<String>> body)
      implements Resolved {}
}
