package dev.chorus.moderation.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SolicitationTest {

  @Test
  void linksContactMoneyAndPrizesSolicitEvenHidden() {
    for (String text :
        List.of(
            "more viewers at boostfarm . net",
            "go to https://10.0.0.1/x",
            "whisper me for details",
            "check my bio 😘",
            "ＤＭ ｍｅ",
            "only 5 dollars",
            "best pr1ces on the market",
            "c-h-e-a-p followers",
            "you w0n a gaming chair",
            "free nitro for everyone")) {
      assertTrue(Solicitation.in(text), text);
    }
  }

  @Test
  void talkAboutGrowthDoesNotSolicit() {
    for (String text :
        List.of(
            "road to affiliate 🙌",
            "congrats on 100 followers!",
            "who made your emotes? they're great",
            "the channel grew so much this year",
            "we're almost at 2k, let's gooo",
            "the dot com bubble was wild")) {
      assertFalse(Solicitation.in(text), text);
    }
  }
}
