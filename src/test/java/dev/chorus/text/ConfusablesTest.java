package dev.chorus.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Unicode confusables data behind look-alike names and the blocked-terms fold (decision 122):
 * scripts the old hand-picked table did not know fold too, and plain text in other scripts is left
 * alone where it has no Latin look-alike.
 */
class ConfusablesTest {

  @Test
  void namesFromScriptsBeyondCyrillicAndGreekShareTheLatinKey() {
    String key = Confusables.nameKey("Admin");
    for (String name :
        List.of(
            "\u13AAdmin", // Cherokee Ꭺ
            "\uA4EEdmin", // Lisu ꓮ
            "\u0391dmin", // Greek Α
            "\u0410dmin", // Cyrillic А
            "\uD835\uDC00dmin", // mathematical bold A (NFKC)
            "A\u200Bdmin", // zero-width space
            "Ádmin",
            "Adrnin")) { // rn reads as m
      assertEquals(key, Confusables.nameKey(name), name);
    }
    assertEquals(Confusables.nameKey("bill"), Confusables.nameKey("biII")); // capital I as l
    // Case folds, except where a capital is itself a look-alike (I is l): identity's name keys
    // read i as l too.
    assertEquals(Confusables.nameKey("streamer"), Confusables.nameKey("STREAMER"));
    assertNotEquals(Confusables.nameKey("Admin"), Confusables.nameKey("Admins"));
    assertNull(Confusables.nameKey(null));
  }

  @Test
  void theSkeletonIsTheStandardOne() {
    // UTS #39: the skeleton keeps case and maps m to rn, 0 to O, 1 to l.
    assertEquals(Confusables.skeleton("rn"), Confusables.skeleton("m"));
    assertEquals(Confusables.skeleton("O"), Confusables.skeleton("0"));
    assertEquals(Confusables.skeleton("l"), Confusables.skeleton("1"));
    assertEquals("paypal", Confusables.skeleton("\u0440\u0430\u0443\u0440\u0430l"));
  }

  @Test
  void theChatFoldMapsLettersOnlyAndKeepsWordsReadable() {
    assertEquals("free followers", Confusables.fold("fr\u0435\u0435 f\u043Ell\u043Ew\u0435rs"));
    assertEquals("admin", Confusables.fold("\u13AA\uA4D3\uA4DFin")); // Cherokee Ꭺ, Lisu ꓓ ꓟ
    // Small capitals and enclosed letters are added to the data; digits and m stay for leetspeak.
    assertEquals("spam", Confusables.fold("\uA731\u1D18\u1D00\u1D0D"));
    assertEquals("ab", Confusables.fold("\uD83C\uDD70\uD83C\uDD51"));
    assertEquals("m0ney 100", Confusables.fold("m0ney 100"));
    // Text with no Latin look-alike keeps its letters.
    assertEquals("日本語", Confusables.fold("日本語"));
    assertFalse(Confusables.fold("한국어 안녕").matches(".*[a-z].*"), "Hangul has no Latin letters");
    assertEquals(Character.codePointAt("ж", 0), Confusables.latin('ж'));
    assertEquals('a', Confusables.latin('\u0430'));
  }
}
