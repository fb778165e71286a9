package dev.chorus.text;

import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Look-alike characters from the Unicode confusables data (UTS #39, {@code confusables.txt} as
 * shipped in ICU4J), and the two folds built on it (decision 122):
 *
 * <ul>
 *   <li>{@link #nameKey}: the UTS #39 skeleton of a display name, case-insensitive: two names with
 *       one key look the same to a reader ({@code Streаmer} with a Cyrillic а, {@code ꓢtreamer}
 *       with a Lisu letter, {@code Strearner}). Identity flags such names (decision 081).
 *   <li>{@link #fold}: chat text for word filters (blocked terms, spam): invisible characters out,
 *       NFKC, case and accents folded, and every non-ASCII letter whose skeleton is one Latin
 *       letter replaced by it. Only letters are mapped letter by letter here: the skeleton also
 *       turns {@code m} into {@code rn} and {@code 0} into {@code O}, which the matchers' own
 *       leetspeak step handles inside words only.
 * </ul>
 *
 * The confusables data leaves out small capitals ({@code ᴀ}, which it does not count as confusable
 * with {@code a}) and enclosed-letter emoji ({@code 🅰}); chat uses both to dodge filters, so
 * {@link #fold} adds them. Thread-safe; the letter table is built once, on first use.
 */
public final class Confusables {

  private static final Pattern WHITESPACE = Pattern.compile("\\s");

  /** Small capitals and other Latin letter forms the confusables data leaves apart. */
  private static final String EXTRA = "ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz";

  private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

  private Confusables() {}

  /** The UTS #39 skeleton of {@code text} (ICU), as the standard defines it: case kept. */
  public static String skeleton(String text) {
    return SPOOF.getSkeleton(text);
  }

  /**
   * The look-alike key of a name: invisible characters out, enclosed letters as letters, NFKC, case
   * and accents folded, then the skeleton, lower-cased; {@code null} for {@code null}.
   */
  public static String nameKey(String name) {
    if (name == null) {
      return null;
    }
    String s = Normalizer.normalize(visible(name), Normalizer.Form.NFKC);
    s = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder bare = new StringBuilder(s.length());
    s.codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(bare::appendCodePoint);
    // Skeleton, fold case, skeleton again: a capital and its small form may have different
    // prototypes (Cherokee Ꭺ is A, its small form ꭺ is a small capital), and the small capitals the
    // data ends on are read as their letters.
    String once = caseFold(skeleton(bare.toString()));
    String twice = skeleton(once);
    StringBuilder key = new StringBuilder(twice.length());
    twice.codePoints().map(Confusables::smallCapital).forEach(key::appendCodePoint);
    return caseFold(key.toString());
  }

  /** The letter a small capital ({@code ᴀ}) shows, or {@code cp}. */
  private static int smallCapital(int cp) {
    int at = cp < 0x10000 ? EXTRA.indexOf(cp) : -1;
    return at >= 0 && at % 2 == 0 ? EXTRA.charAt(at + 1) : cp;
  }

  /** The Latin letter (lower case) {@code cp} imitates, or {@code cp}. */
  public static int latin(int cp) {
    if (cp < 0x80) {
      return cp;
    }
    if (cp < 0x10000) {
      char mapped = Table.BMP[cp];
      return mapped == 0 ? cp : mapped;
    }
    Character mapped = Table.SUPPLEMENTARY.get(cp);
    return mapped == null ? cp : mapped;
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

  /** Invisible characters out, NFKC, case folding, accents out, look-alike letters to Latin. */
  public static String fold(String text) {
    String s = Normalizer.normalize(visible(text), Normalizer.Form.NFKC);
    s = Normalizer.normalize(caseFold(s), Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(latin(cp));
              }
            });
    // Each space stays: a double space is how spammers end a spaced-out word ("g e t  f o l").
    return WHITESPACE.matcher(out).replaceAll(" ").trim();
  }

  /**
   * Format characters (zero-width, joiners, bidi controls, soft hyphen) out; enclosed letters in.
   */
  private static String visible(String text) {
    StringBuilder visible = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (Character.getType(cp) != Character.FORMAT) {
                visible.appendCodePoint(enclosedLetter(cp));
              }
            });
    return visible.toString();
  }

  /** Lower, upper, lower folds what lower-casing alone leaves apart (ẞ → ß → SS → ss, ς → σ). */
  private static String caseFold(String s) {
    return s.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /**
   * Every letter outside ASCII whose skeleton is one Latin letter, from the confusables data. Built
   * on first use (a few hundred milliseconds: every letter outside the big ideograph and Hangul
   * blocks, which have no Latin look-alikes, is asked once).
   */
  private static final class Table {
    static final char[] BMP = new char[0x10000];
    static final java.util.Map<Integer, Character> SUPPLEMENTARY = new java.util.HashMap<>();

    static {
      for (int i = 0; i + 1 < EXTRA.length(); i += 2) {
        put(EXTRA.charAt(i), EXTRA.charAt(i + 1));
      }
      for (int cp = 0x80; cp < 0x20000; cp++) {
        if (BMP.length > cp && BMP[cp] != 0) {
          continue;
        }
        // Ideographs and Hangul (syllables and the conjoining jamo NFD splits them into) have no
        // Latin look-alikes in running text.
        if ((cp >= 0x3400 && cp < 0xA000)
            || (cp >= 0xAC00 && cp < 0xD800)
            || (cp >= 0x1100 && cp < 0x1200)
            || (cp >= 0xA960 && cp < 0xA980)) {
          continue;
        }
        if (!Character.isLetter(cp)) {
          continue;
        }
        char c = asciiLetter(SPOOF.getSkeleton(Character.toString(cp)));
        if (c == 0) {
          // A small letter whose capital looks like a Latin capital (Cyrillic в, Cherokee ꭺ).
          int upper = Character.toUpperCase(cp);
          c = upper == cp ? 0 : asciiLetter(SPOOF.getSkeleton(Character.toString(upper)));
        }
        if (c != 0) {
          put(cp, c);
        }
      }
      // Ideographic and half-width full stops, which NFKC keeps, read as dots.
      put('\u3002', '.');
      put('\uff61', '.');
    }

    /** The lower-case Latin letter {@code skeleton} is, or 0 (small capitals count). */
    private static char asciiLetter(String skeleton) {
      if (skeleton.codePointCount(0, skeleton.length()) != 1) {
        return 0;
      }
      char c = skeleton.charAt(0);
      if (c < 0x80) {
        c = Character.toLowerCase(c);
        return c >= 'a' && c <= 'z' ? c : 0;
      }
      int at = EXTRA.indexOf(c);
      return at >= 0 && at % 2 == 0 ? EXTRA.charAt(at + 1) : 0;
    }

    private static void put(int cp, char latin) {
      if (cp < 0x10000) {
        BMP[cp] = latin;
      } else {
        SUPPLEMENTARY.put(cp, latin);
      }
    }
  }
}
