package dev.chorus.moderation.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void leetspeakInsideWordsBecomesLetters() {
    assertEquals("fre folowers", TextNormalizer.normalize("Fr33 F0ll0w3rs"));
    assertEquals("viewers for sale", TextNormalizer.normalize("v!ewers f0r $ale"));
    assertEquals("tast", TextNormalizer.normalize("7@5t"));
    assertEquals("scam", TextNormalizer.normalize("5c4m"));
  }

  @Test
  void numbersStandingAloneStayNumbers() {
    assertEquals("5 minutes, 100 subs", TextNormalizer.normalize("5 minutes, 100 subs"));
  }

  @Test
  void oneReadsAsIAndAsL() {
    assertEquals(java.util.List.of("foiow", "folow"), TextNormalizer.variants("fo11ow"));
  }

  @Test
  void cyrillicAndGreekLookAlikesBecomeLatin() {
    // В, у, о, е, а below are Cyrillic; ο and ε are Greek.
    assertEquals("buy folowers", TextNormalizer.normalize("Вuу fоllоwеrs"));
    assertEquals("folowers", TextNormalizer.normalize("fοllοwεrs"));
  }

  @Test
  void smallCapitalsAndStyledLettersBecomePlain() {
    assertEquals("cheap viewers", TextNormalizer.normalize("ᴄʜᴇᴀᴘ ᴠɪᴇᴡᴇʀs"));
    assertEquals("buy viewers", TextNormalizer.normalize("𝕓𝕦𝕪 𝕧𝕚𝕖𝕨𝕖𝕣𝕤"));
    assertEquals("fre", TextNormalizer.normalize("🅵🆁🅴🅴"));
    assertEquals("views", TextNormalizer.normalize("ⓥⓘⓔⓦⓢ"));
  }

  @Test
  void fullWidthTextAndDotsBecomeAscii() {
    assertEquals("streamlift.net", TextNormalizer.fold("ｓｔｒｅａｍｌｉｆｔ．ｎｅｔ"));
    assertEquals("site.com", TextNormalizer.fold("site。com"));
  }

  @Test
  void zeroWidthCharactersDisappear() {
    assertEquals("folowers", TextNormalizer.normalize("fol\u200blow\u200ders\u2060"));
    assertEquals("spam", TextNormalizer.normalize("s\u00adp\ufeffam"));
  }

  @Test
  void separatorsBetweenSingleLettersAreRemoved() {
    assertEquals("folowers", TextNormalizer.normalize("f.o.l.l.o.w.e.r.s"));
    assertEquals("fre viewers", TextNormalizer.normalize("f-r-e-e v-i-e-w-e-r-s"));
    assertEquals("get  folowers", TextNormalizer.normalize("g e t  f o l l o w e r s"));
    assertEquals("cheap", TextNormalizer.normalize("c_h_e_a_p"));
  }

  @Test
  void repeatedLettersAreSqueezed() {
    assertEquals("folowers", TextNormalizer.normalize("FOOOLLLOWWERRSS"));
    assertEquals("lets go", TextNormalizer.normalize("LETS GOOOOOOO"));
  }

  @Test
  void caseIsFoldedAndAccentsDropped() {
    assertEquals("strase", TextNormalizer.normalize("STRAẞE"));
    assertEquals("cafe", TextNormalizer.normalize("Café"));
  }

  @Test
  void theModelSeesUnsqueezedWords() {
    assertEquals("cheap followers", TextNormalizer.forModel("ch3ap f0ll0wers"));
    assertTrue(TextNormalizer.forModel("c-h-e-a-p o-v-e-r-l-a-y-s").equals("cheap overlays"));
  }
}
