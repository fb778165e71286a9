package dev.chorus.command;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;

/** The command stage as a role. */
public final class CommandModule implements ChorusModule<CommandModule.Options> {

  public record Options(int instances, String prefix) {}

  @Override
  public String name() {
    return CommandVerticle.NAME;
  }

  @Override
  public String description() {
    return "answers chat commands (stage chorus.stage.command)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("command.instances", "1", "Command stage instances"),
        ConfigKey.of("command.prefix", "!", "Prefix that marks a chat message as a command"));
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings settings) {
    String prefix = settings.nonBlank("command.prefix");
    settings.require(prefix.length() <= 3, "command.prefix", "must be 1 to 3 characters");
    return new Options(settings.integer("command.instances", 1, 64), prefix);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    return context.deploy(options.instances(), () -> new CommandVerticle(options.prefix()));
  }
}
