package dev.chorus.moderation.spam;

import dev.chorus.embedding.Embedder;
import dev.chorus.moderation.rules.LinkFinder;
import dev.chorus.moderation.rules.TextNormalizer;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Scores how much a chat message resembles the spam among labelled examples, through sentence
 * embeddings ({@link Embedder}, MiniLM in process). Trained once at start from the examples shipped
 * with Chorus ({@link LabelledExample#bundled()}); see {@code docs/decisions/021-spam-detector.md}
 * for the classifier and its measured precision and recall.
 *
 * <p><b>Blocking.</b> {@link #score(String)} runs the embedding model (a few milliseconds of CPU):
 * call it on a worker thread ({@code vertx.executeBlocking}, a worker verticle or a bounded
 * executor), never on an event loop. {@link #train} blocks longer (it embeds every example, about a
 * second): do it once, on a worker, at start. A trained detector is immutable and thread-safe.
 */
public final class SpamDetector {

  private final Embedder embedder;
  private final SpamClassifier classifier;

  private SpamDetector(Embedder embedder, SpamClassifier classifier) {
    this.embedder = embedder;
    this.classifier = classifier;
  }

  /** Trains the default classifier on the examples shipped with Chorus. Blocking. */
  public static SpamDetector trainBundled(Embedder embedder) {
    return train(embedder, LabelledExample.bundled());
  }

  /** Trains the default classifier (logistic regression) on {@code examples}. Blocking. */
  public static SpamDetector train(Embedder embedder, List<LabelledExample> examples) {
    return train(
        embedder,
        examples,
        (vectors, labelled) ->
            LogisticClassifier.train(vectors, labelled, LogisticClassifier.Options.DEFAULTS));
  }

  /** Trains the classifier {@code trainer} builds from the examples' vectors. Blocking. */
  public static SpamDetector train(
      Embedder embedder,
      List<LabelledExample> examples,
      BiFunction<List<float[]>, List<LabelledExample>, SpamClassifier> trainer) {
    List<float[]> vectors =
        embedder.embedAll(examples.stream().map(e -> prepare(e.text())).toList());
    return new SpamDetector(embedder, trainer.apply(vectors, examples));
  }

  /** The spam score of {@code text}, in [0,1]. Blocking: see the class comment. */
  public double score(String text) {
    return classifier.score(embedder.embed(prepare(text)));
  }

  /**
   * {@link #score(String)} on {@code workers}, for callers on an event loop. Unordered, so a pool
   * of workers scores messages in parallel; size the pool for the CPU the embedding may take.
   */
  public Future<Double> score(WorkerExecutor workers, String text) {
    return workers.executeBlocking(() -> score(text), false);
  }

  /** The score of an already embedded (and {@link #prepare prepared}) message. */
  public double score(float[] vector) {
    return classifier.score(vector);
  }

  public String classifierName() {
    return classifier.name();
  }

  /**
   * The text the model sees: folded like the rules' text (look-alikes, full-width, zero-width and
   * leetspeak undone, spaced-out letters joined, hidden dots revealed) but not squeezed, because
   * the model's vocabulary knows "followers", not "folowers".
   */
  public static String prepare(String text) {
    return TextNormalizer.forModel(LinkFinder.revealed(text));
  }
}
