package dev.chorus.event;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Letters that look like Latin ones, mapped to the Latin letter a reader sees, and the fold that
 * uses them. Hand-picked for the tricks seen in chat (Cyrillic and Greek look-alikes, small
 * capitals, enclosed-letter emoji, full-width forms through NFKC); not a full Unicode confusables
 * table, which would also fold letters real chat uses. Shared by moderation (blocked terms, spam)
 * and identity (names that imitate another person's, decision 081); JDK only.
 */
public final class LookAlikes {

  private static final Pattern WHITESPACE = Pattern.compile("\\s");

  // Pairs of (look-alike, Latin), lower case only: folding has lower-cased the text already.
  private static final String PAIRS =
      // Cyrillic
      "аaвbсcԁdеeһhіiјjкkмmнhоoрpԛqѕsтtуyхxүyԝwɡgғfӏlьb"
          // Greek
          + "αaβbεeηnιiκkνvοoρpτtυuχxγyωwμuϲcζz"
          // small capitals and other Latin look-alikes
          + "ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢzɑaɩiȷjℓl";

  private static final char[] MAP = new char[0x10000];

  static {
    for (int i = 0; i < MAP.length; i++) {
      MAP[i] = (char) i;
    }
    for (int i = 0; i + 1 < PAIRS.length(); i += 2) {
      MAP[PAIRS.charAt(i)] = PAIRS.charAt(i + 1);
    }
    // Ideographic and half-width full stops, which NFKC keeps, read as dots.
    MAP['\u3002'] = '.';
    MAP['\uff61'] = '.';
  }

  private LookAlikes() {}

  /** The Latin letter {@code c} imitates, or {@code c}. */
  public static char latin(char c) {
    return MAP[c];
  }

  /**
   * Enclosed-letter emoji (negative squared 🅰–🆉, negative circled 🅐–🅩, regional indicators) as
   * the capital letter they show; NFKC leaves them alone.
   */
  public static int enclosedLetter(int cp) {
    if (cp >= 0x1F170 && cp <= 0x1F189) {
      return 'A' + (cp - 0x1F170);
    }
    if (cp >= 0x1F150 && cp <= 0x1F169) {
      return 'A' + (cp - 0x1F150);
    }
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
      return 'A' + (cp - 0x1F1E6);
    }
    return cp;
  }

  /** Step 1: invisible characters out, NFKC, case folding, accents out, look-alikes to Latin. */
  public static String fold(String text) {
    StringBuilder visible = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (Character.getType(cp) != Character.FORMAT) {
                visible.appendCodePoint(enclosedLetter(cp));
              }
            });
    String s = Normalizer.normalize(visible, Normalizer.Form.NFKC);
    // Lower, upper, lower folds what lower-casing alone leaves apart (ẞ → ß → SS → ss, ς → σ).
    s = s.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    s = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) {
        out.append(latin(c));
      }
    }
    // Each space stays: a double space is how spammers end a spaced-out word ("g e t  f o l").
    return WHITESPACE.matcher(out).replaceAll(" ").trim();
  }
}
