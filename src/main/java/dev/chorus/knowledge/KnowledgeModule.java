package dev.chorus.knowledge;

import dev.chorus.config.ConfigException;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.LazyEmbedder;
import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.embedding.openai.OpenAiEmbedder;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The knowledge stage as a role: one index per process (on local disk, rebuilt from and kept
 * current with the fact store), {@code knowledge.instances} stage verticles over it, and the admin
 * API under {@code /api/v1/communities/{c}/knowledge}.
 */
public final class KnowledgeModule implements ChorusModule<KnowledgeModule.Options> {

  /** The embedding provider: the in-process MiniLM model, or an OpenAI-compatible API. */
  public record Provider(String kind, OpenAiEmbedder.Settings openai) {}

  public record Options(
      int instances,
      String indexDir,
      long pollMs,
      Provider provider,
      int embedThreads,
      int embedQueue,
      boolean warmUp,
      KnowledgeSearch.Tuning tuning,
      Knowledge.Rules rules) {}

  /** The readiness check: the index has finished its first catch-up. */
  static final String READINESS = "knowledge-index";

  @Override
  public String name() {
    return KnowledgeVerticle.NAME;
  }

  @Override
  public String description() {
    return "community facts and documents, hybrid vector + keyword search (stage chorus.stage.knowledge)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of(
            "knowledge.instances", "1", "Knowledge stage instances (they share one index)"),
        ConfigKey.of(
            "knowledge.indexDir",
            "",
            "Directory of the local search index (empty: knowledge-index under data.dir)"),
        ConfigKey.of(
            "knowledge.pollMs",
            "1000",
            "How often the index reads the fact store's change feed (0: only on change events)"),
        ConfigKey.of(
            "knowledge.embedding.provider",
            "minilm",
            "Embedding model: minilm (in process) or openai"),
        ConfigKey.of("knowledge.embedding.threads", "1", "Threads embedding questions"),
        ConfigKey.of(
            "knowledge.embedding.queue",
            "32",
            "Questions waiting for embedding; when full, search uses keywords only"),
        ConfigKey.of(
            "knowledge.embedding.warmUp",
            "false",
            "Load the model at start (true in production) instead of at the first embedding"),
        ConfigKey.of(
            "knowledge.embedding.budgetMs",
            "250",
            "How long a search waits for the question's vector before it uses keywords only"),
        ConfigKey.of(
            "knowledge.openai.baseUrl",
            "https://api.openai.com/v1",
            "Base URL of the OpenAI-compatible embedding API"),
        ConfigKey.of("knowledge.openai.model", "text-embedding-3-small", "Embedding model name"),
        ConfigKey.of(
            "knowledge.openai.dimensions",
            "512",
            "Vector size requested from the API (at most 1024, the index's limit)"),
        ConfigKey.of("knowledge.openai.timeoutMs", "10000", "Timeout of one embedding request"),
        ConfigKey.secret("knowledge.openai.apiKey", "", "API key of the embedding provider"),
        ConfigKey.of(
            "knowledge.search.minSimilarity",
            "0.3",
            "Cosine similarity below which a vector match does not count (0 to 1)"),
        ConfigKey.of(
            "knowledge.search.subjectBoost",
            "0.5",
            "Extra weight of facts about the speaker or a person the question names"),
        ConfigKey.of(
            "knowledge.search.keywordWeight",
            "0.3",
            "Weight of the keyword side's ranks against the vector side's (1 = equal)"),
        ConfigKey.of("knowledge.search.facts", "3", "Facts put into the message context"),
        ConfigKey.of(
            "knowledge.botNames", "chorus", "Names that address the bot in chat (comma-separated)"),
        ConfigKey.of(
            "knowledge.trustModerators",
            "true",
            "Facts taught by moderators are approved without review"),
        ConfigKey.of("knowledge.maxFactLength", "500", "Longest fact text taught from chat"),
        ConfigKey.of("knowledge.maxPending", "200", "Most facts a community may have waiting"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(FactStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings s) {
    String kind = s.oneOf("knowledge.embedding.provider", "minilm", "openai");
    OpenAiEmbedder.Settings openai = null;
    if (kind.equals("openai")) {
      String baseUrl = s.nonBlank("knowledge.openai.baseUrl");
      s.require(
          baseUrl.startsWith("http://") || baseUrl.startsWith("https://"),
          "knowledge.openai.baseUrl",
          "must be an http(s) URL");
      openai =
          new OpenAiEmbedder.Settings(
              baseUrl,
              s.string("knowledge.openai.apiKey"),
              s.nonBlank("knowledge.openai.model"),
              s.integer("knowledge.openai.dimensions", 1, 1024),
              Duration.ofMillis(s.integer("knowledge.openai.timeoutMs", 100, 600_000)));
    }
    double minSimilarity = decimal(s, "knowledge.search.minSimilarity", 0, 1);
    double boost = decimal(s, "knowledge.search.subjectBoost", 0, 10);
    double keywordWeight = decimal(s, "knowledge.search.keywordWeight", 0, 10);
    List<String> botNames = s.list("knowledge.botNames");
    for (String n : botNames) {
      s.require(n.matches("[A-Za-z0-9_]{1,32}"), "knowledge.botNames", "names are 1-32 letters");
    }
    return new Options(
        s.integer("knowledge.instances", 1, 64),
        s.string("knowledge.indexDir"),
        s.integer("knowledge.pollMs", 0, 3_600_000),
        new Provider(kind, openai),
        s.integer("knowledge.embedding.threads", 1, 16),
        s.integer("knowledge.embedding.queue", 1, 10_000),
        s.bool("knowledge.embedding.warmUp"),
        new KnowledgeSearch.Tuning(
            minSimilarity,
            boost,
            s.integer("knowledge.embedding.budgetMs", 1, 10_000),
            keywordWeight),
        new Knowledge.Rules(
            s.bool("knowledge.trustModerators"),
            s.integer("knowledge.maxFactLength", 10, 2000),
            s.integer("knowledge.maxPending", 1, 10_000),
            s.integer("knowledge.search.facts", 1, 20),
            botNames));
  }

  private static double decimal(Settings s, String key, double min, double max) {
    try {
      double d = Double.parseDouble(s.nonBlank(key));
      s.require(d >= min && d <= max, key, "must be between " + min + " and " + max);
      return d;
    } catch (NumberFormatException e) {
      s.require(false, key, "must be a number between " + min + " and " + max);
      throw new ConfigException(key + " is not a number");
    }
  }

  /** The configured embedder, loaded on first use (on a worker). */
  public static Embedder embedder(Provider provider) {
    if (provider.kind().equals("openai")) {
      OpenAiEmbedder.Settings o = provider.openai();
      return new LazyEmbedder(
          OpenAiEmbedder.modelId(o), o.dimensions(), () -> new OpenAiEmbedder(o));
    }
    return new LazyEmbedder(
        MiniLmEmbedder.MODEL_ID, MiniLmEmbedder.DIMENSIONS, MiniLmEmbedder::shared);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    Path dir =
        options.indexDir().isBlank()
            ? context.dataDir().resolve("knowledge-index")
            : Path.of(options.indexDir());
    Embedder embedder = embedder(options.provider());
    Knowledge knowledge =
        Knowledge.create(
            context.vertx(),
            context.port(FactStore.class),
            embedder,
            dir,
            options.pollMs(),
            options.embedThreads(),
            options.embedQueue(),
            options.warmUp(),
            options.tuning(),
            options.rules(),
            new KnowledgeMetrics(context.metrics()));
    context.http(new KnowledgeApi(knowledge));
    // Not ready until the index has everything the store had at start: before that, questions
    // would miss facts (a rebuild of a large index takes minutes).
    context.readiness(
        READINESS,
        () ->
            knowledge.follower().ready()
                ? Future.succeededFuture()
                : Future.failedFuture(
                    "knowledge index catching up with the fact store ("
                        + knowledge.follower().lag()
                        + " positions behind)"));
    return context
        .deploy(1, () -> new IndexVerticle(knowledge))
        .compose(v -> context.deploy(options.instances(), () -> new KnowledgeVerticle(knowledge)));
  }

  /** Owns the index's life: opens and follows it on start, closes it on stop. */
  static final class IndexVerticle extends VerticleBase {

    private final Knowledge knowledge;

    IndexVerticle(Knowledge knowledge) {
      this.knowledge = knowledge;
    }

    @Override
    public Future<?> start() {
      return knowledge
          .follower()
          .start()
          .compose(v -> MergedPeople.follow(vertx, knowledge).completion());
    }

    @Override
    public Future<?> stop() {
      return knowledge.close();
    }
  }
}
