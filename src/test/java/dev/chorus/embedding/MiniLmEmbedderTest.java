package dev.chorus.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.minilm.MiniLmEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

  private final Embedder embedder = MiniLmEmbedder.shared();

  @Test
  void vectorsAreNormalizedAndOfTheAnnouncedSize() {
    float[] v = embedder.embed("When does the stream start?");
    assertEquals(embedder.dimensions(), v.length);
    assertEquals(1.0, Vectors.dot(v, v), 1e-4);
  }

  @Test
  void sentencesThatMeanTheSameAreCloserThanUnrelatedOnes() {
    List<float[]> v =
        embedder.embedAll(
            List.of(
                "What time does the stream go live?",
                "When does the broadcast start?",
                "My cat likes to sleep on the keyboard."));
    float same = Vectors.dot(v.get(0), v.get(1));
    float unrelated = Vectors.dot(v.get(0), v.get(2));
    assertTrue(same > unrelated + 0.2, "same " + same + ", unrelated " + unrelated);
  }

  @Test
  void batchAndSingleEmbeddingsAgree() {
    String text = "bigfollows dot com cheap viewers";
    float[] single = embedder.embed(text);
    float[] batch = embedder.embedAll(List.of(text)).get(0);
    assertEquals(1.0, Vectors.dot(single, batch), 1e-4);
  }
}
