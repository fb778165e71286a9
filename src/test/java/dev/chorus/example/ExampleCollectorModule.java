package dev.chorus.example;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;

/** The example collector as a role: N instances, each joined to the platform. */
final class ExampleCollectorModule implements ChorusModule<ExampleCollectorModule.Options> {

  record Options(int port, int instances) {}

  @Override
  public String name() {
    return "example-collector";
  }

  @Override
  public String description() {
    return "test-scope example collector";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("example.platformPort", "1", "Port of the example platform"),
        ConfigKey.of("example.instances", "1", "Collector instances joined to the platform"));
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public Options options(Settings settings) {
    return new Options(
        settings.integer("example.platformPort", 1, 65535),
        settings.integer("example.instances", 1, 8));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    return context.deploy(
        options.instances(), () -> new ExampleCollector(options.port(), context.metrics()));
  }
}
