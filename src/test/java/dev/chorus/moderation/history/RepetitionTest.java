package dev.chorus.moderation.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.moderation.ModerationDecision;
import dev.chorus.moderation.ModerationEngine;
import dev.chorus.moderation.ModerationInput;
import dev.chorus.moderation.ModerationSettings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Repetition by one author and copy-pasta across authors, through a history the test owns. */
class RepetitionTest {

  private static final Instant T0 = Instant.parse("2026-11-23T20:00:00Z");
  private static final String PASTA = "this stream is sponsored by my grandma's secret recipe";

  private final ModerationEngine engine = new ModerationEngine(ModerationSettings.defaults());
  private final BoundedChannelHistory history = new BoundedChannelHistory();

  /** Moderates and then records, as the stage does. */
  private ModerationDecision say(String user, String text, int second) {
    Instant at = T0.plusSeconds(second);
    ModerationDecision d = engine.evaluate(ModerationInput.of(user, text, at), history);
    history.add(RecentMessage.of(user, text, at));
    return d;
  }

  @Test
  void theSameAuthorRepeatingIsCaughtOnTheThirdTime() {
    assertTrue(say("ann", "anyone want to play later?", 0).clean());
    assertTrue(say("ann", "anyone want to play later??", 5).clean());
    ModerationDecision third = say("ann", "ANYONE want to play later", 10);
    assertEquals("repetition", third.rule());
    assertEquals("delete", third.action().wire());
  }

  @Test
  void repeatsOutsideTheWindowDoNotCount() {
    say("ann", "anyone want to play later?", 0);
    say("ann", "anyone want to play later?", 40);
    assertTrue(say("ann", "anyone want to play later?", 80).clean());
  }

  @Test
  void differentMessagesFromOneAuthorAreFine() {
    say("ann", "what game is this?", 0);
    say("ann", "oh it's the sequel", 2);
    assertTrue(say("ann", "I loved the first one", 4).clean());
  }

  @Test
  void copyPastaAcrossPeopleIsCaughtOnceEnoughOthersSentIt() {
    assertTrue(say("a", PASTA, 0).clean());
    assertTrue(say("b", PASTA + "!!", 3).clean());
    assertTrue(say("c", "lol " + PASTA, 6).clean());
    ModerationDecision fourth =
        say("d", "this stream is sp0ns0red by my grandma's secret recipe", 9);
    assertEquals("copy_pasta", fourth.rule());
    assertTrue(fourth.detail().contains("3 others"), fourth.detail());
  }

  @Test
  void shortMessagesEveryoneSendsAreNotCopyPasta() {
    for (char user = 'a'; user <= 'h'; user++) {
      assertTrue(say(String.valueOf(user), "LETS GOOOO", user).clean());
    }
  }

  @Test
  void copyPastaOutsideTheWindowDoesNotCount() {
    say("a", PASTA, 0);
    say("b", PASTA, 1);
    say("c", PASTA, 2);
    assertTrue(say("d", PASTA, 120).clean());
  }

  @Test
  void similarityIsOneForTheSameNormalizedText() {
    RecentMessage a = RecentMessage.of("a", "Buy FOLLOWERS", T0);
    RecentMessage b = RecentMessage.of("b", "buy f0ll0wers", T0);
    assertEquals(1.0, a.similarity(b), 1e-9);
    assertTrue(a.similarity(RecentMessage.of("c", "hello there friends", T0)) < 0.2);
  }
}
