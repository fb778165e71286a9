package dev.chorus.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What collectors put in {@code raw} for moderation, read carefully: garbage is ignored. */
class PlatformHintsTest {

  static Envelope with(String text, Map<String, Object> raw) {
    return ModerationStageFixture.chat(
        "u", "ann", List.of(), text, Instant.parse("2026-12-01T00:00:00Z"), raw);
  }

  @Test
  void twitchEmoteTagsNameTheEmotesByCodePoint() {
    Envelope e = with("🎉 Kappa hi Kappa PogChamp", Map.of("emotes", "25:2-6,11-15/88:17-24"));
    assertEquals(List.of("Kappa", "PogChamp"), PlatformHints.emotes(e));
    assertEquals(
        List.of("a", "b"), PlatformHints.emotes(with("x", Map.of("emotes", List.of("a", 5, "b")))));
  }

  @Test
  void malformedHintsAreIgnored() {
    for (Object tag : List.of("25:9-2", "25:0-999", "x:y-z", ":", "25", "25:-1-3/", 42, "")) {
      assertEquals(
          List.of(), PlatformHints.emotes(with("Kappa", Map.of("emotes", tag))), "tag " + tag);
    }
    Envelope bad =
        with("hi", Map.of("accountCreatedAt", "yesterday", "firstMessage", "yes", "messageId", 7));
    assertNull(PlatformHints.accountAge(bad));
    assertFalse(PlatformHints.firstMessage(bad));
    assertNull(PlatformHints.messageId(bad));
    assertEquals(List.of(), PlatformHints.emotes(with("hi", null)));
  }

  @Test
  void accountAgeAndFirstMessage() {
    Envelope e =
        with("hi", Map.of("accountCreatedAt", "2026-11-29T00:00:00Z", "firstMessage", true));
    assertEquals(Duration.ofDays(2), PlatformHints.accountAge(e));
    assertTrue(PlatformHints.firstMessage(e));
    Envelope future = with("hi", Map.of("accountCreatedAt", "2027-01-01T00:00:00Z"));
    assertEquals(Duration.ZERO, PlatformHints.accountAge(future));
  }
}
