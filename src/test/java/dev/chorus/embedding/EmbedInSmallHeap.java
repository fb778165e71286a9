package dev.chorus.embedding;

import dev.chorus.embedding.minilm.MiniLmEmbedder;

/** Run in a JVM of its own by {@link MiniLmEmbedderTest}: loads the model and embeds one line. */
public final class EmbedInSmallHeap {

  private EmbedInSmallHeap() {}

  public static void main(String[] args) {
    float[] v = MiniLmEmbedder.shared().embed("When does the stream start?");
    System.out.println("dimensions=" + v.length);
  }
}
