package dev.chorus.embedding.openai;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.Vectors;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Embeddings from a provider's OpenAI-compatible {@code POST /embeddings} API, through LangChain4j
 * (OpenAI itself, or any server that speaks the same protocol: a local inference server, a
 * gateway). Blocking: one HTTP request per call, so run it on workers like any embedder. Vectors
 * are normalized here because not every provider returns unit vectors.
 *
 * <p>The model id names the base URL, the model and its size, so pointing Chorus at another
 * provider or model makes the knowledge index re-embed everything.
 */
public final class OpenAiEmbedder implements Embedder {

  /** How a provider is reached. The key comes from the environment, never from a file. */
  public record Settings(
      String baseUrl, String apiKey, String model, int dimensions, Duration timeout) {

    public Settings {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(model, "model");
      if (dimensions < 1) {
        throw new IllegalArgumentException("dimensions must be positive");
      }
    }
  }

  private final OpenAiEmbeddingModel model;
  private final String modelId;
  private final int dimensions;

  public OpenAiEmbedder(Settings settings) {
    this.model =
        OpenAiEmbeddingModel.builder()
            .baseUrl(settings.baseUrl())
            .apiKey(
                settings.apiKey() == null || settings.apiKey().isBlank()
                    ? "none"
                    : settings.apiKey())
            .modelName(settings.model())
            .dimensions(settings.dimensions())
            .timeout(settings.timeout())
            .maxRetries(1)
            .build();
    this.modelId = modelId(settings);
    this.dimensions = settings.dimensions();
  }

  /** {@code openai:<base url>/<model>/<dimensions>}. */
  public static String modelId(Settings settings) {
    return "openai:" + settings.baseUrl() + "/" + settings.model() + "/" + settings.dimensions();
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public float[] embed(String text) {
    return checked(model.embed(text).content());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    List<Embedding> out = model.embedAll(segments).content();
    if (out.size() != texts.size()) {
      throw new IllegalStateException(
          "the provider returned " + out.size() + " embeddings for " + texts.size() + " texts");
    }
    List<float[]> vectors = new ArrayList<>(out.size());
    for (Embedding e : out) {
      vectors.add(checked(e));
    }
    return vectors;
  }

  private float[] checked(Embedding e) {
    float[] v = e.vector();
    if (v.length != dimensions) {
      throw new IllegalStateException(
          "the provider returned " + v.length + " dimensions, " + dimensions + " configured");
    }
    return Vectors.normalized(v);
  }
}
