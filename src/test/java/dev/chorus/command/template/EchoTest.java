package dev.chorus.command.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a reply may repeat of user text. */
class EchoTest {

  @Test
  void shortTextIsRepeatedAsTyped() {
    assertEquals("hello there", Echo.of("hello there"));
    assertEquals("", Echo.of(null));
    assertEquals("x".repeat(Echo.MAX), Echo.of("x".repeat(Echo.MAX)));
  }

  @Test
  void longTextIsCutAtMaxCharactersWithAnEllipsis() {
    assertEquals("x".repeat(Echo.MAX) + "…", Echo.of("x".repeat(490)));
    // Characters, not UTF-16 units: an emoji is never split into half a surrogate pair.
    String emoji = "😀".repeat(100);
    String cut = Echo.of(emoji);
    assertEquals(Echo.MAX + 1, cut.codePointCount(0, cut.length()));
    assertEquals("😀".repeat(Echo.MAX) + "…", cut);
  }

  @Test
  void massMentionsAreDefused() {
    assertEquals("hi everyone and HERE.", Echo.of("hi @everyone and @HERE."));
    assertEquals("ping channel now", Echo.of("ping <!channel> now"));
    assertEquals("ping here", Echo.of("ping <!here|here>"));
    assertEquals("mail a@everyone.example", Echo.of("mail a@everyone.example"));
    assertEquals("@alice", Echo.of("@alice"));
  }
}
