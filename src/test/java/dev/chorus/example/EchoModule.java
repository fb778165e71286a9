package dev.chorus.example;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;

/** The echo stage as a role, added by a test with no change outside this package. */
final class EchoModule implements ChorusModule<Integer> {

  @Override
  public String name() {
    return EchoStage.NAME;
  }

  @Override
  public String description() {
    return "test-scope example stage";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(ConfigKey.of("echo.instances", "1", "Echo stage instances"));
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Integer options(Settings settings) {
    return settings.integer("echo.instances", 1, 8);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Integer instances) {
    return context.deploy(instances, EchoStage::new);
  }
}
