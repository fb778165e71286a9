package dev.chorus.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextSplitterTest {

  @Test
  void shortTextIsOnePart() {
    assertEquals(List.of("hello world"), TextSplitter.split("  hello world ", 20, 3));
  }

  @Test
  void cutsAtTheLastSpaceBeforeTheLimit() {
    assertEquals(List.of("aaa bbb", "ccc ddd"), TextSplitter.split("aaa bbb ccc ddd", 8, 3));
  }

  @Test
  void aWordLongerThanTheLimitIsCutInside() {
    assertEquals(List.of("abcde", "fghij", "k"), TextSplitter.split("abcdefghijk", 5, 3));
  }

  @Test
  void theLastPartEndsWithAnEllipsisWhenTextIsLeftOver() {
    List<String> parts = TextSplitter.split("one two three four five six", 8, 2);
    assertEquals(2, parts.size());
    assertEquals("one two", parts.get(0));
    assertTrue(parts.get(1).endsWith("…"), parts.get(1));
    assertTrue(parts.get(1).codePointCount(0, parts.get(1).length()) <= 8);
  }

  @Test
  void neverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00".repeat(7);
    for (String part : TextSplitter.split(emoji, 3, 5)) {
      assertTrue(part.codePointCount(0, part.length()) <= 3);
      assertTrue(!Character.isLowSurrogate(part.charAt(0)), part);
    }
  }

  @Test
  void blankAndNullGiveNoParts() {
    assertEquals(List.of(), TextSplitter.split("   ", 5, 2));
    assertEquals(List.of(), TextSplitter.split(null, 5, 2));
    assertThrows(IllegalArgumentException.class, () -> TextSplitter.split("x", 1, 1));
  }
}
