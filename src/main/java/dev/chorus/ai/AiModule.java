package dev.chorus.ai;

import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI stage as a role. With {@code ai.provider=none} (the default) it deploys nothing: the
 * router skips the optional {@code ai} step at once (no handler) and {@code !ask} keeps the
 * knowledge stage's answer.
 */
public final class AiModule implements ChorusModule<AiOptions> {

  private static final Logger LOG = LoggerFactory.getLogger(AiModule.class);

  @Override
  public String name() {
    return AiVerticle.NAME;
  }

  @Override
  public String description() {
    return "model replies grounded in the speaker and the facts, moderated and budgeted (stage"
        + " chorus.stage.ai; off unless ai.provider is set)";
  }

  @Override
  public List<ConfigKey> keys() {
    return AiOptions.keys();
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(CommunityStore.class, StateStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public AiOptions options(Settings settings) {
    return AiOptions.parse(settings);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, AiOptions options) {
    if (!options.enabled()) {
      LOG.info("AI replies are off (ai.provider=none)");
      return Future.succeededFuture();
    }
    CommunityStore communities = context.port(CommunityStore.class);
    StateStore state = context.port(StateStore.class);
    ChatModelClient model = LangChainChatModelClient.of(options);
    LOG.info(
        "AI replies by {} model {} at {}", options.provider(), options.model(), options.baseUrl());
    return context.deploy(
        options.instances(),
        () -> new AiVerticle(options, model, communities, state, context.metrics()));
  }
}
