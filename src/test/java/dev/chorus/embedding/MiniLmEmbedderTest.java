package dev.chorus.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.minilm.MiniLmEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /**
   * The model (90 MB) loads in a heap not much larger than itself: it is mapped from an unpacked
   * file, not read through a growing byte buffer (which needed about 250 MB and failed in 256).
   */
  @Test
  void loadsInAHeapOf160Megabytes() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m",
                "-cp",
                System.getProperty("java.class.path"),
                EmbedInSmallHeap.class.getName())
            .redirectErrorStream(true)
            .start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM ended");
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("dimensions=" + MiniLmEmbedder.DIMENSIONS), output);
  }
}
