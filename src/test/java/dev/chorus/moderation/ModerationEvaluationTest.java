package dev.chorus.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.moderation.history.ChannelHistory;
import dev.chorus.moderation.rules.Solicitation;
import dev.chorus.moderation.spam.LabelledExample;
import dev.chorus.moderation.spam.SpamDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the default settings on the labelled evaluation set, per component.
 * "Flagged" means the decision removes the message (delete or timeout). Each message is judged on
 * its own (empty history, a viewer, no permit, account age unknown); the only change to the
 * defaults is the streamer's own site on the link allow-list, as any community would add it. The
 * floors sit a little under the measured values, so a change that costs accuracy fails here.
 */
class ModerationEvaluationTest {

  static final String STREAMER_SITE = "marrowlight.tv";

  private static List<LabelledExample> eval;
  private static double[] scores;

  @BeforeAll
  static void load() {
    eval = LabelledExample.load("/moderation/eval.tsv");
    SpamDetector detector = SpamDetector.trainBundled(MiniLmEmbedder.shared());
    scores = eval.stream().mapToDouble(e -> detector.score(e.text())).toArray();
  }

  static ModerationSettings defaultsWithStreamerSite() {
    ModerationSettings d = ModerationSettings.defaults();
    List<String> allowed = new ArrayList<>(d.links().allowedDomains());
    allowed.add(STREAMER_SITE);
    var links =
        new ModerationSettings.Links(
            d.links().enabled(),
            d.links().action(),
            allowed,
            d.links().allowedFrom(),
            d.links().permitSeconds());
    return new ModerationSettings(
        d.exemptLevel(),
        links,
        d.obfuscatedLinks(),
        d.caps(),
        d.symbols(),
        d.emotes(),
        d.repetition(),
        d.copyPasta(),
        d.length(),
        d.blockedTerms(),
        d.newAccounts(),
        d.detector());
  }

  @Test
  void evaluationSetIsLargeBalancedEnoughAndDistinctFromTheExamples() {
    assertTrue(eval.size() >= 150, "eval size " + eval.size());
    assertTrue(eval.stream().filter(LabelledExample::spam).count() >= 60);
    Set<String> examples = new HashSet<>();
    LabelledExample.bundled().forEach(e -> examples.add(e.text().trim().toLowerCase(Locale.ROOT)));
    List<String> shared =
        eval.stream()
            .map(e -> e.text().trim().toLowerCase(Locale.ROOT))
            .filter(examples::contains)
            .toList();
    assertEquals(List.of(), shared);
  }

  @Test
  void defaultSettingsMeetTheirFloors() {
    Confusion rules = measure(defaultsWithStreamerSite(), false, false);
    Confusion detectorOnly = measureDetectorOnly();
    Confusion combined = measure(defaultsWithStreamerSite(), true, true);
    Confusion pureDefaults = measure(ModerationSettings.defaults(), true, false);
    System.out.println("moderation eval, " + eval.size() + " messages");
    System.out.println("  rules only:     " + rules);
    System.out.println("  detector only:  " + detectorOnly);
    System.out.println("  combined:       " + combined);
    System.out.println("  combined, streamer's site not allow-listed: " + pureDefaults);
    // Not a tuning knob (the bars came from cross-validation on the examples): shown so a reader
    // sees the trade-off the default sits on. The soliciting bar stays at most the plain one.
    for (int percent = 50; percent <= 95; percent += 5) {
      System.out.printf(
          Locale.ROOT,
          "  combined with detector threshold %.2f: %s%n",
          percent / 100.0,
          measureCombinedAt(percent / 100.0));
    }
    assertTrue(rules.precision() >= 0.95 && rules.recall() >= 0.45, "rules " + rules);
    assertTrue(
        detectorOnly.precision() >= 0.97 && detectorOnly.recall() >= 0.92,
        "detector " + detectorOnly);
    assertTrue(combined.precision() >= 0.96, "combined precision " + combined);
    assertTrue(combined.recall() >= 0.97, "combined recall " + combined);
  }

  private static Confusion measure(ModerationSettings settings, boolean withDetector, boolean log) {
    ModerationEngine engine = new ModerationEngine(settings);
    Confusion confusion = new Confusion();
    for (int i = 0; i < eval.size(); i++) {
      LabelledExample example = eval.get(i);
      ModerationInput input = ModerationInput.of("viewer", example.text(), Instant.EPOCH);
      ModerationDecision decision =
          withDetector
              ? engine.evaluate(input, ChannelHistory.EMPTY, scores[i])
              : engine.evaluate(input, ChannelHistory.EMPTY);
      boolean flagged = decision.action().removesMessage();
      confusion.add(example.spam(), flagged);
      if (log && flagged != example.spam()) {
        System.out.printf(
            Locale.ROOT,
            "  %s %s (%s: %s)%n",
            example.spam() ? "missed:" : "false alarm:",
            example.text(),
            decision.rule(),
            decision.detail());
      }
    }
    return confusion;
  }

  /** The detector's own bars (the solicitation one included), no rule. */
  private static Confusion measureDetectorOnly() {
    var d = ModerationSettings.defaults().detector();
    Confusion confusion = new Confusion();
    for (int i = 0; i < eval.size(); i++) {
      String text = eval.get(i).text();
      boolean flagged =
          scores[i] >= d.threshold()
              || (scores[i] >= d.solicitingThreshold() && Solicitation.in(text));
      confusion.add(eval.get(i).spam(), flagged);
    }
    return confusion;
  }

  private static Confusion measureCombinedAt(double threshold) {
    ModerationSettings base = defaultsWithStreamerSite();
    var d = base.detector();
    var detector =
        new ModerationSettings.Detector(
            d.enabled(),
            d.action(),
            threshold,
            Math.min(threshold, d.solicitingThreshold()),
            d.newAccountThreshold());
    return measure(
        new ModerationSettings(
            base.exemptLevel(),
            base.links(),
            base.obfuscatedLinks(),
            base.caps(),
            base.symbols(),
            base.emotes(),
            base.repetition(),
            base.copyPasta(),
            base.length(),
            base.blockedTerms(),
            base.newAccounts(),
            detector),
        true,
        false);
  }
}
