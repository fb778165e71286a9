package dev.chorus.embedding;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An embedder whose model is loaded on first use, on the thread that first embeds (a worker): a
 * process that never embeds never pays the model's load time or memory, and the event loop never
 * waits for it. The model id and size are known up front, so an index can check its stored vectors
 * against them before anything is loaded.
 */
public final class LazyEmbedder implements Embedder {

  private final String modelId;
  private final int dimensions;
  private final Supplier<? extends Embedder> loader;
  private volatile Embedder loaded;

  public LazyEmbedder(String modelId, int dimensions, Supplier<? extends Embedder> loader) {
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.dimensions = dimensions;
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  private Embedder delegate() {
    Embedder e = loaded;
    if (e == null) {
      synchronized (this) {
        e = loaded;
        if (e == null) {
          e = loader.get();
          if (e.dimensions() != dimensions) {
            throw new IllegalStateException(
                "embedder "
                    + modelId
                    + " gives "
                    + e.dimensions()
                    + " dimensions, not "
                    + dimensions);
          }
          loaded = e;
        }
      }
    }
    return e;
  }

  /** Whether the model has been loaded. */
  public boolean isLoaded() {
    return loaded != null;
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
    return delegate().embed(text);
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return delegate().embedAll(texts);
  }
}
