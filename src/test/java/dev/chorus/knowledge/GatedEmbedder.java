package dev.chorus.knowledge;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test embedder: a deterministic vector per text (bag of hashed words, so texts sharing words are
 * close), and a gate that, once closed, holds every call until it is opened again — an embedding
 * made artificially slow.
 */
final class GatedEmbedder implements Embedder {

  private final String modelId;
  private final int dimensions;
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger held = new AtomicInteger();

  GatedEmbedder(String modelId, int dimensions) {
    this.modelId = modelId;
    this.dimensions = dimensions;
  }

  void close() {
    gate.set(new CountDownLatch(1));
  }

  void open() {
    CountDownLatch g = gate.getAndSet(null);
    if (g != null) {
      g.countDown();
    }
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
    calls.incrementAndGet();
    CountDownLatch g = gate.get();
    if (g != null) {
      held.incrementAndGet();
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return vector(text, dimensions);
  }

  static float[] vector(String text, int dimensions) {
    float[] v = new float[dimensions];
    for (String word : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
      if (!word.isEmpty()) {
        int h = java.util.Arrays.hashCode(word.getBytes(StandardCharsets.UTF_8));
        v[Math.floorMod(h, dimensions)] += 1;
      }
    }
    v[0] += 0.01f;
    return Vectors.normalized(v);
  }
}
