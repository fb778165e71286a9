package dev.chorus.community;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Communities as a role: the directory every collector asks before accepting an event, the
 * communities admin API, and the communities created on first start ({@code community.seed}, the
 * embedded profile's {@code demo} that the README's web chat uses).
 */
public final class CommunityModule implements ChorusModule<CommunityModule.Options> {

  private static final Logger LOG = LoggerFactory.getLogger(CommunityModule.class);
  private static final long RELOAD_MS = 60_000;

  /**
   * @param seed communities created when the store holds none at all (first start)
   */
  public record Options(List<String> seed) {}

  @Override
  public String name() {
    return "community";
  }

  @Override
  public String description() {
    return "communities: the directory collectors check, the admin API, the first-start seed";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of(
            "community.seed",
            "demo",
            "Comma-separated communities created on first start (when none exists yet)"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(CommunityStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings settings) {
    List<String> seed = settings.list("community.seed");
    for (String id : seed) {
      settings.require(
          CommunityInput.ID.matcher(id).matches(),
          "community.seed",
          "community ids of 1-64 lower-case letters, digits, - or _");
    }
    return new Options(seed);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    CommunityStore store = context.port(CommunityStore.class);
    context.http(new CommunitiesApi(store));
    return seed(store, options.seed())
        .compose(v -> context.deploy(1, () -> new CommunityDirectoryVerticle(store, RELOAD_MS)));
  }

  /** First start only: a community deleted later is not created again at the next start. */
  static Future<Void> seed(CommunityStore store, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return store
        .list()
        .compose(
            existing -> {
              if (!existing.isEmpty()) {
                return Future.succeededFuture();
              }
              Future<Void> chain = Future.succeededFuture();
              for (String id : ids) {
                chain = chain.compose(v -> store.create(id, id).mapEmpty());
              }
              return chain.onSuccess(v -> LOG.info("first start: created communities {}", ids));
            });
  }
}
