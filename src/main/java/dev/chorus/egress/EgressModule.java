package dev.chorus.egress;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;

/** The egress stage as a role. */
public final class EgressModule implements ChorusModule<EgressModule.Options> {

  public record Options(int instances) {}

  @Override
  public String name() {
    return EgressVerticle.NAME;
  }

  @Override
  public String description() {
    return "hands replies to the collector that accepted the event (stage chorus.stage.egress)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(ConfigKey.of("egress.instances", "1", "Egress verticle instances"));
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings settings) {
    return new Options(settings.integer("egress.instances", 1, 64));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    return context.deploy(options.instances(), () -> new EgressVerticle(context.metrics()));
  }
}
