package dev.chorus.ai;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import java.util.List;

/**
 * The AI stage's configuration ({@code ai.*}). {@code ai.provider=none} (the default) deploys no
 * stage: the router skips the optional {@code ai} step and the knowledge stage's answer stands.
 */
public record AiOptions(
    String provider,
    String baseUrl,
    String model,
    String apiKey,
    int instances,
    int timeoutMs,
    int maxConcurrent,
    int retries,
    int retryBackoffMs,
    int breakerFailures,
    int breakerResetMs,
    String fallback,
    int historyMessages,
    int maxOutputTokens,
    String persona,
    List<String> triggers,
    boolean answerAddressed,
    Budgets.Limits budgets) {

  public static final String NONE = "none";
  public static final String OPENAI = "openai";
  public static final String OLLAMA = "ollama";

  public static final String DEFAULT_PERSONA =
      "You are Chorus, the friendly chat bot of this live-stream community. You are warm, brief"
          + " and a little playful, and you never pretend to know what you do not.";

  /** True when a provider is configured (the stage runs). */
  public boolean enabled() {
    return !NONE.equals(provider);
  }

  static List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of(
            "ai.provider",
            NONE,
            "Chat model provider: none (AI replies off), openai (any OpenAI-compatible server) or"
                + " ollama"),
        ConfigKey.of(
            "ai.baseUrl",
            "",
            "Provider base URL (default https://api.openai.com/v1 for openai,"
                + " http://localhost:11434 for ollama)"),
        ConfigKey.of(
            "ai.model", "", "Model name (default gpt-4o-mini for openai, llama3.2 for ollama)"),
        ConfigKey.secret("ai.apiKey", "", "Provider API key (environment only)"),
        ConfigKey.of("ai.instances", "1", "AI stage instances"),
        ConfigKey.of("ai.timeoutMs", "8000", "Timeout of one model call"),
        ConfigKey.of(
            "ai.maxConcurrent", "4", "Model calls in flight per instance; beyond, skipped"),
        ConfigKey.of("ai.retries", "2", "Retries of a call answered 429 or 5xx"),
        ConfigKey.of("ai.retryBackoffMs", "500", "First retry pause; doubles each retry"),
        ConfigKey.of(
            "ai.breakerFailures", "5", "Failed calls in a row that open the circuit breaker"),
        ConfigKey.of(
            "ai.breakerResetMs", "30000", "How long the breaker stays open before a trial call"),
        ConfigKey.of(
            "ai.fallback",
            "",
            "Reply while the model fails or the breaker is open (empty: stay silent, so the"
                + " knowledge answer stands)"),
        ConfigKey.of("ai.historyMessages", "10", "Recent channel messages in the prompt"),
        ConfigKey.of("ai.maxOutputTokens", "200", "Longest model reply, in tokens"),
        ConfigKey.of(
            "ai.persona",
            DEFAULT_PERSONA,
            "Default persona (system message); a community's ai.persona setting overrides it"),
        ConfigKey.of("ai.triggers", "ask", "Commands the AI answers (comma-separated, no prefix)"),
        ConfigKey.of(
            "ai.answerAddressed",
            "true",
            "Answer messages addressed to the bot (mention, name, reply) besides the triggers"),
        ConfigKey.of("ai.budget.personHour", "2000", "Tokens per person per hour (0: no limit)"),
        ConfigKey.of("ai.budget.personDay", "10000", "Tokens per person per day (0: no limit)"),
        ConfigKey.of("ai.budget.channelHour", "20000", "Tokens per channel per hour (0: no limit)"),
        ConfigKey.of("ai.budget.channelDay", "100000", "Tokens per channel per day (0: no limit)"),
        ConfigKey.of(
            "ai.budget.communityHour", "50000", "Tokens per community per hour (0: no limit)"),
        ConfigKey.of(
            "ai.budget.communityDay", "300000", "Tokens per community per day (0: no limit)"));
  }

  static AiOptions parse(Settings s) {
    String provider = s.oneOf("ai.provider", NONE, OPENAI, OLLAMA);
    String baseUrl = s.string("ai.baseUrl").trim();
    if (baseUrl.isEmpty()) {
      baseUrl = OLLAMA.equals(provider) ? "http://localhost:11434" : "https://api.openai.com/v1";
    }
    s.require(
        baseUrl.startsWith("http://") || baseUrl.startsWith("https://"),
        "ai.baseUrl",
        "must be an http:// or https:// URL");
    String model = s.string("ai.model").trim();
    if (model.isEmpty()) {
      model = OLLAMA.equals(provider) ? "llama3.2" : "gpt-4o-mini";
    }
    String persona = s.string("ai.persona").trim();
    s.require(
        !persona.isEmpty() && persona.length() <= 4000,
        "ai.persona",
        "must be 1 to 4000 characters");
    String fallback = s.string("ai.fallback").trim();
    s.require(fallback.length() <= 500, "ai.fallback", "must be at most 500 characters");
    return new AiOptions(
        provider,
        baseUrl,
        model,
        s.string("ai.apiKey"),
        s.integer("ai.instances", 1, 64),
        s.integer("ai.timeoutMs", 100, 120_000),
        s.integer("ai.maxConcurrent", 1, 256),
        s.integer("ai.retries", 0, 10),
        s.integer("ai.retryBackoffMs", 1, 60_000),
        s.integer("ai.breakerFailures", 1, 1000),
        s.integer("ai.breakerResetMs", 100, 3_600_000),
        fallback,
        s.integer("ai.historyMessages", 0, 100),
        s.integer("ai.maxOutputTokens", 16, 4096),
        persona,
        s.list("ai.triggers").stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).toList(),
        s.bool("ai.answerAddressed"),
        new Budgets.Limits(
            s.integer("ai.budget.personHour", 0, Integer.MAX_VALUE),
            s.integer("ai.budget.personDay", 0, Integer.MAX_VALUE),
            s.integer("ai.budget.channelHour", 0, Integer.MAX_VALUE),
            s.integer("ai.budget.channelDay", 0, Integer.MAX_VALUE),
            s.integer("ai.budget.communityHour", 0, Integer.MAX_VALUE),
            s.integer("ai.budget.communityDay", 0, Integer.MAX_VALUE)));
  }
}
