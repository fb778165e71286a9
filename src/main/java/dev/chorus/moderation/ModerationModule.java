package dev.chorus.moderation;

import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.moderation.analysis.QueryAnalyzer;
import dev.chorus.moderation.history.BoundedChannelHistory;
import dev.chorus.moderation.history.ChannelHistories;
import dev.chorus.moderation.spam.SpamDetector;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moderation stage as a role: trains the spam detector once per process (on a worker, in the
 * process start-up, before the stage consumes), deploys {@code moderation.instances} stage
 * verticles sharing it, and adds the moderation admin API.
 */
public final class ModerationModule implements ChorusModule<ModerationModule.Options> {

  private static final Logger LOG = LoggerFactory.getLogger(ModerationModule.class);

  public record Options(
      int instances,
      boolean detector,
      int detectorWorkers,
      List<String> botNames,
      String prefix,
      int settingsCacheSeconds,
      int historyChannels) {}

  @Override
  public String name() {
    return ModerationVerticle.NAME;
  }

  @Override
  public String description() {
    return "is it safe? rules, spam detector, query analysis, !permit (stage chorus.stage.moderation)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("moderation.instances", "1", "Moderation stage instances"),
        ConfigKey.of(
            "moderation.detector",
            "true",
            "Run the MiniLM spam detector (loads the embedding model at start)"),
        ConfigKey.of(
            "moderation.detectorWorkers", "2", "Worker threads that score messages for spam"),
        ConfigKey.of(
            "moderation.botNames",
            "chorus",
            "Names the bot answers to (comma-separated): a message naming or mentioning one is"
                + " addressed to the bot"),
        ConfigKey.of("moderation.prefix", "!", "Command prefix, for !permit and the analysis"),
        ConfigKey.of(
            "moderation.settingsCacheSeconds",
            "10",
            "How long a community's moderation settings are cached per process"),
        ConfigKey.of(
            "moderation.historyChannels",
            "10000",
            "Channels whose recent messages each instance keeps for the repetition rules"));
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
  public Options options(Settings settings) {
    List<String> names = settings.list("moderation.botNames");
    settings.require(!names.isEmpty(), "moderation.botNames", "must name at least one name");
    String prefix = settings.nonBlank("moderation.prefix");
    settings.require(prefix.length() <= 3, "moderation.prefix", "must be 1 to 3 characters");
    return new Options(
        settings.integer("moderation.instances", 1, 64),
        settings.bool("moderation.detector"),
        settings.integer("moderation.detectorWorkers", 1, 64),
        names,
        prefix,
        settings.integer("moderation.settingsCacheSeconds", 1, 3600),
        settings.integer("moderation.historyChannels", 1, 1_000_000));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    CommunityStore store = context.port(CommunityStore.class);
    StateStore state = context.port(StateStore.class);
    CommunityModeration communities =
        new CommunityModeration(store, Duration.ofSeconds(options.settingsCacheSeconds()));
    Future<SpamScorer> scorer = Future.succeededFuture(null);
    if (options.detector()) {
      WorkerExecutor workers =
          context
              .vertx()
              .createSharedWorkerExecutor("chorus-moderation", options.detectorWorkers());
      // Trained before the stage consumes: training embeds every example (seconds of CPU on all
      // cores), which done in the background starves the other stages of a busy process.
      scorer =
          workers
              .executeBlocking(() -> SpamDetector.trainBundled(MiniLmEmbedder.shared()))
              .map(detector -> SpamScorer.onWorkers(detector, workers))
              .recover(
                  e -> {
                    LOG.error(
                        "spam detector failed to train; rules judge alone: {}", e.toString(), e);
                    return Future.succeededFuture(null);
                  });
    }
    QueryAnalyzer analyzer = new QueryAnalyzer(options.prefix(), options.botNames());
    return scorer.compose(
        s -> {
          context.http(new ModerationApi(store, communities, s));
          return context.deploy(
              options.instances(),
              () ->
                  new ModerationVerticle(
                      communities,
                      s,
                      state,
                      analyzer,
                      options.prefix(),
                      new ChannelHistories(
                          options.historyChannels(),
                          BoundedChannelHistory.DEFAULT_CAPACITY,
                          BoundedChannelHistory.DEFAULT_MAX_AGE)));
        });
  }
}
