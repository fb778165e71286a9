package dev.chorus.command.builtin;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandPolicy;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;

/** A command every community has. */
public interface Builtin {

  /** The name, lower case, without the prefix. */
  String name();

  /** One line for {@code !help}: what it does and how to call it ({@code <prefix>} is replaced). */
  String usage();

  /** Who may run it and how often. */
  CommandPolicy policy();

  /**
   * The level an alias to this command needs. An alias fixes the text a moderator wrote, so {@code
   * !say} reached through an alias is open to everyone; every other command keeps its level.
   */
  default PermissionLevel aliasLevel() {
    return policy().level();
  }

  /** Runs the command; the text to say, or an empty string to say nothing. */
  Future<String> run(CommandCall call);
}
