package dev.chorus.identity;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/** The identity stage as a role: {@code identity.instances} verticles over the identity store. */
public final class IdentityModule implements ChorusModule<IdentityModule.Options> {

  public record Options(int instances) {}

  @Override
  public String name() {
    return IdentityVerticle.NAME;
  }

  @Override
  public String description() {
    return "who is this? resolves the author to a person (stage chorus.stage.identity)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(ConfigKey.of("identity.instances", "1", "Identity stage instances"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(IdentityStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings settings) {
    return new Options(settings.integer("identity.instances", 1, 64));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    IdentityStore store = context.port(IdentityStore.class);
    return context.deploy(options.instances(), () -> new IdentityVerticle(store));
  }
}
