package dev.chorus.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Unicode policy every way in shares (decision 080). */
class TextHygieneTest {

  /** Names that show nothing: each alone, and all together. */
  static final List<String> INVISIBLE =
      List.of(
          "\u200B", // zero-width space
          "\u200C", // zero-width non-joiner
          "\u200D", // zero-width joiner
          "\u2060", // word joiner
          "\uFEFF", // byte order mark
          "\u00AD", // soft hyphen
          "\u180E", // Mongolian vowel separator
          "\u034F", // combining grapheme joiner
          "\uFE0F", // variation selector
          "\u3164", // Hangul filler
          "\u115F\u1160", // Hangul choseong and jungseong fillers
          "\u2800", // blank Braille pattern
          "\uDB40\uDC41", // tag latin capital A (U+E0041)
          "   ",
          "\u00A0\u2003\u3000", // no-break, em and ideographic spaces
          "\u200B\u200C\u200D\u2060\uFEFF\u00AD \u3164");

  @Test
  void namesMadeOnlyOfInvisibleCharactersAreRefused() {
    for (String name : INVISIBLE) {
      assertFalse(TextHygiene.hasVisible(name), escape(name));
      assertEquals(
          "user.name must contain a visible character",
          TextHygiene.nameProblem(name, "user.name"),
          escape(name));
      assertNull(TextHygiene.displayName(name), escape(name));
    }
  }

  @Test
  void visibleNamesWithJoinersInsideAreFine() {
    // An emoji sequence with a zero-width joiner, a name with a soft hyphen: visible, kept as is.
    for (String name : List.of("alice", "👩\u200D💻 dev", "Zo\u00ADe", "Łukasz", "宮本", "ß")) {
      assertNull(TextHygiene.nameProblem(name, "name"), name);
      assertEquals(name, TextHygiene.displayName(name));
    }
  }

  @Test
  void bidirectionalOverridesAndIsolatesAreRefusedInNamesAndStrippedFromDisplayNames() {
    for (int cp : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068}) {
      String name = "admin" + Character.toString(cp) + "txt.exe";
      assertEquals(
          "user.id must not contain bidirectional override or isolate characters",
          TextHygiene.nameProblem(name, "user.id"),
          escape(name));
      assertEquals("admintxt.exe", TextHygiene.displayName(name));
    }
    assertEquals("evil", TextHygiene.displayName("\u2066evil\u2069"));
    // Only overrides: nothing is left to show.
    assertNull(TextHygiene.displayName("\u202E\u202C"));
  }

  @Test
  void namesAreNfcAndControlsAreRefusedOrStripped() {
    String decomposed = "Zoe\u0301"; // e + combining acute
    assertEquals("Zoé", TextHygiene.nfc(decomposed));
    assertEquals("Zoé", TextHygiene.displayName(decomposed));
    assertEquals(1, TextHygiene.nfc("\u212B").length(), "the Angstrom sign is Å");
    assertEquals(
        "name must not contain control characters", TextHygiene.nameProblem("a\tb", "name"));
    assertEquals(
        "name must not contain control characters", TextHygiene.nameProblem("a\u0085b", "name"));
    assertEquals("ab", TextHygiene.displayName("a\u0000\nb"));
    assertNull(TextHygiene.nfc(null));
    assertNull(TextHygiene.nameProblem(null, "name"));
  }

  @Test
  void textKeepsLinesAndLosesOtherControls() {
    assertEquals("line one\nline\ttwo", TextHygiene.cleanText("line one\nline\ttwo"));
    assertEquals("nul here bell", TextHygiene.cleanText("nul\u0000 here\u0007 bell\u009B"));
    assertEquals("café", TextHygiene.cleanText("cafe\u0301"));
    String clean = "plain text";
    assertTrue(clean == TextHygiene.cleanText(clean), "clean text is not copied");
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(cp -> out.append(String.format("U+%04X ", cp)));
    return out.toString().trim();
  }
}
