package dev.chorus.command.builtin;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandPolicy;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.function.Function;

/** A built-in given as its parts. */
public record SimpleBuiltin(
    String name,
    String usage,
    CommandPolicy policy,
    PermissionLevel aliasLevel,
    Function<CommandCall, Future<String>> body)
    implements Builtin {

  public SimpleBuiltin(
      String name, String usage, CommandPolicy policy, Function<CommandCall, Future<String>> body) {
    this(name, usage, policy, policy.level(), body);
  }

  @Override
  public Future<String> run(CommandCall call) {
    return body.apply(call);
  }
}
