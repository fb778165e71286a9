package dev.chorus.moderation;

import static dev.chorus.moderation.ModerationEngineTest.assertRule;
import static dev.chorus.moderation.ModerationEngineTest.engine;
import static dev.chorus.moderation.ModerationEngineTest.viewer;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.moderation.history.ChannelHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedTermsTest {

  private final ModerationEngine engine =
      engine(
          "{\"blockedTerms\":{\"action\":\"timeout:600\",\"terms\":[\"follower shop\",\"scam\"],"
              + "\"patterns\":[\"v[il]ew ?bots?\"]}}");

  private ModerationDecision judge(String text) {
    return engine.evaluate(viewer(text), ChannelHistory.EMPTY);
  }

  @Test
  void termsMatchThroughEveryTrick() {
    for (String text :
        List.of(
            "visit the follower shop",
            "visit the FOLLOWER SHOP",
            "visit the f0ll0w3r 5h0p", // leetspeak
            "visit the fo11ower shop", // 1 as l
            "visit the fоllоwеr shор", // Cyrillic о, е, р
            "visit the fol\u200blower sh\u200dop", // zero-width
            "visit the f.o.l.l.o.w.e.r shop", // separators
            "visit the fooolllowwwer shoppp", // stretched
            "visit the ｆｏｌｌｏｗｅｒ ｓｈｏｐ", // full width
            "total $c4m")) {
      assertRule("blocked_terms", "timeout:600", judge(text));
    }
  }

  @Test
  void termsMatchWholeWordsOnly() {
    assertTrue(judge("scampi for dinner").clean());
    assertTrue(judge("the follower count is nice, shop later").clean());
  }

  @Test
  void patternsMatchTheNormalizedText() {
    assertRule("blocked_terms", "timeout:600", judge("best v1ew b0ts here"));
    assertRule("blocked_terms", "timeout:600", judge("VIEWBOT"));
  }

  @Test
  void aBadPatternFailsNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> engine("{\"blockedTerms\":{\"patterns\":[\"ok\",\"(unclosed\"]}}"));
    assertTrue(e.getMessage().contains("blockedTerms.patterns[1]"), e.getMessage());
  }

  @Test
  void aCatastrophicPatternGivesUpAndIsReportedInsteadOfHanging() {
    ModerationEngine slow = engine("{\"blockedTerms\":{\"patterns\":[\"(.*a){12}b\"]}}");
    ModerationDecision d = slow.evaluate(viewer("a".repeat(40)), ChannelHistory.EMPTY);
    assertRule("blocked_terms", "none", d);
    assertTrue(d.detail().contains("blockedTerms.patterns[0]"), d.detail());
  }

  @Test
  void defaultTermsCatchFollowerSellingInDisguise() {
    ModerationEngine defaults = new ModerationEngine(ModerationSettings.defaults());
    ModerationDecision d = defaults.evaluate(viewer("Вuу сhеаp viеwеrs"), ChannelHistory.EMPTY);
    assertRule("blocked_terms", "delete", d);
  }
}
