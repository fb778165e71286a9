package dev.chorus.moderation;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.embedding.Embedder;
import dev.chorus.moderation.spam.LabelledExample;
import dev.chorus.moderation.spam.SpamClassifier;
import dev.chorus.moderation.spam.SpamDetector;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scorer remembers what it scored: a repeated text (an emote, a command, a flood of one
 * copy-pasted line) is not embedded again, and different texts keep their own scores.
 */
class SpamScorerTest {

  private final Vertx vertx = Vertx.vertx();
  private final WorkerExecutor workers = vertx.createSharedWorkerExecutor("scorer-test", 2);

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  /** Embeds a text as its length, counting calls (the model itself is not what is tested here). */
  private static final class CountingEmbedder implements Embedder {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String modelId() {
      return "counting/1";
    }

    @Override
    public int dimensions() {
      return 1;
    }

    @Override
    public float[] embed(String text) {
      calls.incrementAndGet();
      return new float[] {text.length()};
    }
  }

  private static final SpamClassifier BY_LENGTH =
      new SpamClassifier() {
        @Override
        public double score(float[] vector) {
          return Math.min(1.0, vector[0] / 100.0);
        }

        @Override
        public String name() {
          return "by-length";
        }
      };

  @Test
  void aRepeatedTextIsScoredOnceAndEachTextKeepsItsOwnScore() {
    CountingEmbedder embedder = new CountingEmbedder();
    SpamDetector detector =
        SpamDetector.train(
            embedder, List.of(new LabelledExample("x", false)), (vectors, labels) -> BY_LENGTH);
    int trained = embedder.calls.get();
    SpamScorer scorer = SpamScorer.onWorkers(detector, workers);

    String flood = "buy followers at cheap-viewers dot com";
    double first = await(scorer.score(flood));
    for (int i = 0; i < 20; i++) {
      assertEquals(first, await(scorer.score(flood)));
    }
    assertEquals(trained + 1, embedder.calls.get(), "one embedding for 21 identical lines");

    double other = await(scorer.score("hi"));
    assertEquals(detector.score("hi"), other);
    assertEquals(detector.score(flood), first);
  }

  @Test
  void aVeryLongTextIsAlwaysScoredAfresh() {
    CountingEmbedder embedder = new CountingEmbedder();
    SpamDetector detector =
        SpamDetector.train(
            embedder, List.of(new LabelledExample("x", false)), (vectors, labels) -> BY_LENGTH);
    SpamScorer scorer = SpamScorer.onWorkers(detector, workers);
    String huge = "a".repeat(SpamScorer.CACHED_MAX_CHARS + 1);
    int before = embedder.calls.get();
    await(scorer.score(huge));
    await(scorer.score(huge));
    assertEquals(before + 2, embedder.calls.get());
  }
}
