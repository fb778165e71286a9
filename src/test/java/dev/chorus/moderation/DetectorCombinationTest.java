package dev.chorus.moderation;

import static dev.chorus.moderation.ModerationEngineTest.NOW;
import static dev.chorus.moderation.ModerationEngineTest.assertRule;
import static dev.chorus.moderation.ModerationEngineTest.engine;
import static dev.chorus.moderation.ModerationEngineTest.viewer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.moderation.history.ChannelHistory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** How the detector's score and the new-account facts join the rules' decision. */
class DetectorCombinationTest {

  private final ModerationEngine defaults = new ModerationEngine(ModerationSettings.defaults());

  @Test
  void aScoreAtTheThresholdMatchesWithTheScore() {
    ModerationDecision d =
        defaults.evaluate(viewer("dm me for cheap promo"), ChannelHistory.EMPTY, 0.93);
    assertRule("spam_detector", "delete", d);
    assertEquals(0.93, d.score(), 1e-9);
    assertTrue(d.detail().contains("0.93"), d.detail());
  }

  @Test
  void aScoreBelowTheThresholdDoesNothing() {
    assertTrue(defaults.evaluate(viewer("hello"), ChannelHistory.EMPTY, 0.69).clean());
  }

  @Test
  void aNewAccountsFirstMessageIsReportedAndJudgedMoreStrictly() {
    ModerationInput newcomer = viewer("dm me for a promo").withNewcomer(true, Duration.ofDays(2));
    // between the new-account bar (0.50) and the soliciting one (0.55)
    ModerationDecision d = defaults.evaluate(newcomer, ChannelHistory.EMPTY, 0.52);
    assertRule("spam_detector", "delete", d);
    assertTrue(
        d.findings().stream().anyMatch(f -> f.rule().equals("new_account")),
        "the shadow new-account finding is kept: " + d.findings());
    // The same score from an older account, or a later message, passes.
    ModerationInput old = viewer("dm me for a promo").withNewcomer(true, Duration.ofDays(30));
    assertTrue(defaults.evaluate(old, ChannelHistory.EMPTY, 0.52).clean());
    ModerationInput later = viewer("dm me for a promo").withNewcomer(false, Duration.ofDays(2));
    assertTrue(defaults.evaluate(later, ChannelHistory.EMPTY, 0.52).clean());
  }

  @Test
  void switchingTheNewAccountRuleOffDropsTheStricterBar() {
    ModerationEngine e = engine("{\"newAccounts\":{\"enabled\":false}}");
    ModerationInput newcomer = viewer("dm me for a promo").withNewcomer(true, Duration.ofDays(2));
    assertTrue(e.evaluate(newcomer, ChannelHistory.EMPTY, 0.52).clean());
  }

  @Test
  void aMessageThatSolicitsMeetsTheLowerBarTalkAboutGrowthTheHigherOne() {
    var bars = ModerationSettings.defaults().detector();
    double between = (bars.solicitingThreshold() + bars.threshold()) / 2;
    assertTrue(bars.solicitingThreshold() < bars.threshold(), bars.toString());
    for (String soliciting :
        List.of(
            "dm me for a promo",
            "more viewers at boostfarm . net",
            "I sell followers, cheap",
            "you won a prize, claim it now",
            "check my bio")) {
      ModerationDecision d = defaults.evaluate(viewer(soliciting), ChannelHistory.EMPTY, between);
      var finding =
          d.findings().stream()
              .filter(f -> f.rule().equals("spam_detector"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(soliciting + ": " + d));
      assertTrue(
          finding.detail().contains(String.format(Locale.ROOT, "%.2f", bars.solicitingThreshold())),
          finding.detail());
      assertTrue(d.action().removesMessage(), d.toString());
    }
    for (String talk :
        List.of("road to affiliate!", "congrats on 100 followers", "who made your emotes?")) {
      assertTrue(
          defaults.evaluate(viewer(talk), ChannelHistory.EMPTY, between).clean(),
          talk + " is judged by the plain bar");
      assertRule(
          "spam_detector",
          "delete",
          defaults.evaluate(viewer(talk), ChannelHistory.EMPTY, bars.threshold()));
    }
  }

  @Test
  void aNewAccountOnItsOwnIsOnlyReportedByDefault() {
    ModerationInput newcomer = viewer("hi everyone").withNewcomer(true, Duration.ofHours(3));
    ModerationDecision d = defaults.evaluate(newcomer, ChannelHistory.EMPTY);
    assertRule("new_account", "none", d);
  }

  @Test
  void theDetectorsActionAndThresholdAreSettings() {
    ModerationEngine e = engine("{\"detector\":{\"action\":\"stop\",\"threshold\":0.9}}");
    assertTrue(e.evaluate(viewer("x"), ChannelHistory.EMPTY, 0.85).clean());
    assertRule("spam_detector", "stop", e.evaluate(viewer("x"), ChannelHistory.EMPTY, 0.95));
    ModerationEngine off = engine("{\"detector\":{\"enabled\":false}}");
    assertTrue(off.evaluate(viewer("x"), ChannelHistory.EMPTY, 1.0).clean());
    assertTrue(!off.wantsDetector(viewer("x")));
  }

  @Test
  void aStrongerRuleBeatsTheDetector() {
    ModerationDecision d =
        defaults.evaluate(viewer("cheap follows at growfast dot net"), ChannelHistory.EMPTY, 0.99);
    assertRule("obfuscated_links", "timeout:60", d);
    assertEquals(NOW, viewer("x").at());
  }
}
