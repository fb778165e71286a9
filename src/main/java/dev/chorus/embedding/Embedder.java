package dev.chorus.embedding;

import java.util.List;

/**
 * Turns text into a vector whose closeness (cosine) tracks closeness of meaning. Used by the
 * knowledge index and the spam detector. Implementations are blocking and CPU-bound: call them on
 * worker threads or a bounded executor, never on an event loop.
 *
 * <p>Vectors are L2-normalized, so the dot product is the cosine similarity.
 */
public interface Embedder {

  /**
   * Names the model and its version. Vectors from different models are not comparable: an index
   * that stored vectors under another id re-embeds.
   */
  String modelId();

  /** Length of every vector this embedder returns. */
  int dimensions();

  /** The normalized vector of {@code text}. Blocking. */
  float[] embed(String text);

  /** The normalized vectors of {@code texts}, in order. Blocking. */
  default List<float[]> embedAll(List<String> texts) {
    return texts.stream().map(this::embed).toList();
  }
}
