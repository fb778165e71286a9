package dev.chorus.embedding.minilm;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.Vectors;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions) running in process through ONNX Runtime, from the model that
 * LangChain4j ships inside its Maven artifact: no service, no network, nothing downloaded at run
 * time. About 2–3 ms per sentence on one core here. Loading the model takes a second or two and
 * some 90 MB of heap, so one instance is shared per process ({@link #shared()}).
 *
 * <p>The tokenizer's native library is unpacked under {@code ~/.djl.ai} on first use, so the home
 * directory must be writable.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final String MODEL_ID = "all-minilm-l6-v2/1";
  public static final int DIMENSIONS = 384;

  private static volatile MiniLmEmbedder shared;

  private final AllMiniLmL6V2EmbeddingModel model;

  private MiniLmEmbedder() {
    this.model = new AllMiniLmL6V2EmbeddingModel();
  }

  /** The process-wide instance, loaded on first call (blocking). Thread-safe. */
  public static MiniLmEmbedder shared() {
    MiniLmEmbedder instance = shared;
    if (instance == null) {
      synchronized (MiniLmEmbedder.class) {
        instance = shared;
        if (instance == null) {
          instance = new MiniLmEmbedder();
          shared = instance;
        }
      }
    }
    return instance;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public float[] embed(String text) {
    return Vectors.normalized(model.embed(text).content().vector());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    return model.embedAll(segments).content().stream()
        .map(e -> Vectors.normalized(e.vector()))
        .toList();
  }
}
