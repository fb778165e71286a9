package dev.chorus.command;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The commands external modules registered, and how to invoke one. */
public interface ModuleCommands {

  Optional<ModuleCommand> find(String name);

  List<ModuleCommand> all();

  /**
   * Asks the module for the reply; fails with a {@link ModuleGoneException} when it does not answer
   * in time or is not there any more.
   */
  Future<String> invoke(ModuleCommand command, CommandCall call);

  /** No modules. */
  ModuleCommands NONE =
      new ModuleCommands() {
        @Override
        public Optional<ModuleCommand> find(String name) {
          return Optional.empty();
        }

        @Override
        public List<ModuleCommand> all() {
          return List.of();
        }

        @Override
        public Future<String> invoke(ModuleCommand command, CommandCall call) {
          return Future.failedFuture(new ModuleGoneException(command.name()));
        }
      };

  /** The module behind a command stopped answering. */
  final class ModuleGoneException extends RuntimeException {
    public ModuleGoneException(String name) {
      super("the module serving !" + name + " is gone", null, false, false);
    }
  }
}
