package dev.chorus.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names a reader cannot tell apart get one key (decision 081). */
class NameKeysTest {

  @Test
  void lookAlikesOfOneNameShareItsKey() {
    String key = NameKeys.of("Streamer");
    for (String name :
        List.of(
            "Str\u0435amer", // Cyrillic е
            "Stre\u0430mer", // Cyrillic а
            "\uFF33\uFF54\uFF52\uFF45\uFF41\uFF4D\uFF45\uFF52", // full-width
            "STREAMER",
            "Str3am3r",
            "stream_er",
            "Str\u200Beamer", // zero-width space inside
            "\u0405treamer", // Cyrillic capital dze
            "Streamér")) {
      assertEquals(key, NameKeys.of(name), name);
    }
    assertEquals(NameKeys.of("modbot"), NameKeys.of("M\u043Edbot")); // Cyrillic о
    assertEquals(NameKeys.of("Bill"), NameKeys.of("B1ll"));
    assertEquals(NameKeys.of("Cam"), NameKeys.of("Carn"));
    // Scripts beyond Cyrillic and Greek, from the Unicode confusables data (decision 122).
    assertEquals(NameKeys.of("admin"), NameKeys.of("ADMIN"));
    assertEquals(NameKeys.of("admin"), NameKeys.of("\u13AAdmin")); // Cherokee Ꭺ
    assertEquals(NameKeys.of("admin"), NameKeys.of("\uA4EE\uA4D3\uA4DFin")); // Lisu ꓮꓓꓟ
  }

  @Test
  void differentNamesKeepDifferentKeysAndSymbolsHaveNone() {
    assertNotEquals(NameKeys.of("Streamer"), NameKeys.of("Streamers"));
    assertNotEquals(NameKeys.of("alice"), NameKeys.of("bob"));
    assertNull(NameKeys.of("★★★"));
    assertNull(NameKeys.of(null));
    assertEquals(NameKeys.MAX_LENGTH, NameKeys.of("a".repeat(300)).length());
  }
}
