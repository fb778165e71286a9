package dev.chorus.moderation.spam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.moderation.ModerationSettings;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SpamDetectorTest {

  private static SpamDetector detector;
  private static final double THRESHOLD = ModerationSettings.defaults().detector().threshold();

  @BeforeAll
  static void train() {
    detector = SpamDetector.trainBundled(MiniLmEmbedder.shared());
  }

  @Test
  void theBundledExamplesHaveBothLabels() {
    List<LabelledExample> examples = LabelledExample.bundled();
    assertTrue(examples.size() >= 300, "examples " + examples.size());
    assertTrue(examples.stream().filter(LabelledExample::spam).count() >= 100);
    assertTrue(examples.stream().filter(e -> !e.spam()).count() >= 150);
  }

  @Test
  void followerSellingScoresAboveTheThresholdAndChatBelow() {
    for (String spam :
        List.of(
            "real viewers and followers for your channel, message me for prices",
            "I design cheap emotes and overlays for streamers, add me on discord")) {
      assertTrue(detector.score(spam) >= THRESHOLD, spam + " " + detector.score(spam));
    }
    for (String ham : List.of("what level are you on?", "that jump was insane lol")) {
      assertTrue(detector.score(ham) < THRESHOLD, ham + " " + detector.score(ham));
    }
  }

  @Test
  void obfuscationDoesNotHideSpamFromTheModel() {
    double plain = detector.score("cheap followers and viewers");
    double hidden = detector.score("ᴄʜ3ᴀᴘ f.o.l.l.o.w.e.r.s and v1ewers");
    assertTrue(hidden >= THRESHOLD, "hidden " + hidden + ", plain " + plain);
  }

  @Test
  void scoresAreProbabilitiesAndStable() {
    double s = detector.score("hello chat");
    assertTrue(s >= 0 && s <= 1);
    assertEquals(s, detector.score("hello chat"), 1e-9);
    String prepared = SpamDetector.prepare("hello chat");
    assertEquals(s, detector.score(MiniLmEmbedder.shared().embed(prepared)), 1e-6);
    assertEquals("logistic", detector.classifierName());
  }

  @Test
  void scoresOnAWorkerPoolForEventLoopCallers() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      io.vertx.core.WorkerExecutor workers = vertx.createSharedWorkerExecutor("spam-test", 2);
      double async =
          detector
              .score(workers, "hello chat")
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(detector.score("hello chat"), async, 1e-9);
      workers.close();
    } finally {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void trainingNeedsBothLabels() {
    List<LabelledExample> onlyHam = List.of(new LabelledExample("hi", false));
    assertThrows(
        IllegalArgumentException.class, () -> SpamDetector.train(MiniLmEmbedder.shared(), onlyHam));
  }
}
