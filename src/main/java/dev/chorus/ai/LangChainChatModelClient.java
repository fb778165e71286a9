package dev.chorus.ai;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A LangChain4j chat model: the OpenAI chat-completions API (OpenAI itself, and the servers that
 * speak it — vLLM, llama.cpp's server, LM Studio) or Ollama's {@code /api/chat}. LangChain4j's own
 * retries are off: the stage retries 429 and 5xx itself, with backoff and inside its circuit
 * breaker, so that one policy holds whatever the provider.
 */
public final class LangChainChatModelClient implements ChatModelClient {

  private final ChatModel model;
  private final String modelName;

  LangChainChatModelClient(ChatModel model, String modelName) {
    this.model = Objects.requireNonNull(model, "model");
    this.modelName = modelName;
  }

  /** The client for the configured provider ({@code openai} or {@code ollama}). */
  public static LangChainChatModelClient of(AiOptions options) {
    Duration timeout = Duration.ofMillis(options.timeoutMs());
    ChatModel model =
        switch (options.provider()) {
          case AiOptions.OPENAI ->
              OpenAiChatModel.builder()
                  .baseUrl(options.baseUrl())
                  .apiKey(options.apiKey().isBlank() ? "none" : options.apiKey())
                  .modelName(options.model())
                  .maxTokens(options.maxOutputTokens())
                  .timeout(timeout)
                  .maxRetries(0)
                  .build();
          case AiOptions.OLLAMA ->
              OllamaChatModel.builder()
                  .maxRetries(0)
                  .baseUrl(options.baseUrl())
                  .modelName(options.model())
                  .numPredict(options.maxOutputTokens())
                  .timeout(timeout)
                  .build();
          default -> throw new IllegalArgumentException("no chat model for " + options.provider());
        };
    return new LangChainChatModelClient(model, options.model());
  }

  @Override
  public String model() {
    return modelName;
  }

  @Override
  public ModelAnswer complete(Prompt prompt, int maxOutputTokens) {
    List<ChatMessage> messages =
        List.of(
            SystemMessage.from(prompt.system()),
            UserMessage.from(prompt.data()),
            UserMessage.from(prompt.question()));
    ChatResponse response = model.chat(ChatRequest.builder().messages(messages).build());
    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    text = text == null ? "" : text;
    TokenUsage usage = response.tokenUsage();
    Integer in = usage == null ? null : usage.inputTokenCount();
    Integer out = usage == null ? null : usage.outputTokenCount();
    boolean estimated = in == null || out == null;
    return new ModelAnswer(
        text,
        response.modelName() != null ? response.modelName() : modelName,
        in != null ? in : ModelAnswer.estimateTokens(prompt.chars()),
        out != null ? out : ModelAnswer.estimateTokens(text.length()),
        estimated);
  }
}
