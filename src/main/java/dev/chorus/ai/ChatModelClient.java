package dev.chorus.ai;

/**
 * A chat model behind a provider's API. Blocking (an HTTP round trip to the provider): the stage
 * calls it on a bounded worker pool, never on an event loop. Implementations: {@link
 * LangChainChatModelClient} (OpenAI-compatible servers and Ollama through LangChain4j).
 */
public interface ChatModelClient {

  /** The configured model's name, for the log. */
  String model();

  /**
   * Sends the prompt and returns the reply. Throws what the provider's client throws; {@link
   * ModelFailures} reads whether a retry may help.
   */
  ModelAnswer complete(Prompt prompt, int maxOutputTokens);
}
