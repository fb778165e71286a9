package dev.chorus.moderation.rules;

import dev.chorus.text.Confusables;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns chat text into the form blocked terms, repetition and the spam detector compare, so that
 * the tricks spammers use to dodge word filters fold back onto the plain word. Pure and
 * allocation-light: it runs on every message.
 *
 * <p>Steps, in order ({@link #normalize}):
 *
 * <ol>
 *   <li>{@link #fold}: invisible format characters (zero-width space and joiners, soft hyphen, BOM)
 *       removed; NFKC (full-width, mathematical and circled letters become plain ones);
 *       enclosed-letter emoji (🅵) become letters; case folded; accents removed; letters that the
 *       Unicode confusables data says look like one Latin letter (Cyrillic, Greek, Cherokee, Lisu
 *       …) and small capitals mapped to it ({@link Confusables#fold});
 *   <li>leetspeak inside words that contain a letter: {@code 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s}, and
 *       {@code !} before a letter → i ({@link #variants} also tries {@code 1→l});
 *   <li>separators inside words removed: three or more single letters joined by one space, dot,
 *       dash, underscore, star, bullet or bar ({@code f.o.l.l.o.w}, {@code f o l l o w}) become one
 *       word;
 *   <li>repeated letters squeezed to one ({@code foooollowers → folowers}); terms are squeezed the
 *       same way, so {@code followers} still matches.
 * </ol>
 */
public final class TextNormalizer {

  private static final Pattern SPACED_LETTERS =
      // One separator, repeated: "c-h-e-a-p o-v-e-r" is two words, not one.
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])\\p{L}([ .\\-_*·•|~+])\\p{L}(?![\\p{L}\\p{N}])"
              + "(?:\\1\\p{L}(?![\\p{L}\\p{N}]))+");
  private static final Pattern SEPARATORS = Pattern.compile("[ .\\-_*·•|~+]");

  private TextNormalizer() {}

  /** The text compared by every matcher; see the class comment. */
  public static String normalize(String text) {
    return squeeze(joinSpacedLetters(leet(fold(text), 'i')));
  }

  /**
   * The normalized forms worth matching: {@link #normalize} and, when a word had a {@code 1}, the
   * form that reads it as {@code l} ({@code fo11ow}).
   */
  public static List<String> variants(String text) {
    return variantsOfFolded(fold(text));
  }

  /** {@link #variants} of text already passed through {@link #fold}. */
  public static List<String> variantsOfFolded(String folded) {
    String asI = squeeze(joinSpacedLetters(leet(folded, 'i')));
    if (folded.indexOf('1') < 0) {
      return List.of(asI);
    }
    String asL = squeeze(joinSpacedLetters(leet(folded, 'l')));
    return asI.equals(asL) ? List.of(asI) : List.of(asI, asL);
  }

  /**
   * The text the spam detector's model sees: steps 1 to 3, without squeezing (the model's
   * vocabulary knows "followers", not "folowers").
   */
  public static String forModel(String text) {
    return joinSpacedLetters(leet(fold(text), 'i'));
  }

  /**
   * Step 1: invisible characters out, NFKC, case folding, accents out, look-alikes to Latin ({@link
   * Confusables#fold}).
   */
  public static String fold(String text) {
    return Confusables.fold(text);
  }

  /** Step 2: leetspeak digits and signs inside words that have at least one letter. */
  static String leet(String text, char one) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf(' ', start);
      end = end < 0 ? text.length() : end;
      String word = text.substring(start, end);
      out.append(hasLetter(word) ? leetWord(word, one) : word);
      if (end < text.length()) {
        out.append(' ');
      }
      start = end + 1;
    }
    return out.toString();
  }

  private static String leetWord(String word, char one) {
    StringBuilder out = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      char next = i + 1 < word.length() ? word.charAt(i + 1) : ' ';
      out.append(
          switch (c) {
            case '0' -> 'o';
            case '1' -> one;
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            case '!' -> Character.isLetter(next) && i > 0 ? 'i' : c;
            default -> c;
          });
    }
    return out.toString();
  }

  private static boolean hasLetter(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (Character.isLetter(word.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Step 3: runs of three or more single letters with one separator between become a word. */
  static String joinSpacedLetters(String text) {
    Matcher m = SPACED_LETTERS.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    do {
      out.append(text, last, m.start()).append(SEPARATORS.matcher(m.group()).replaceAll(""));
      last = m.end();
    } while (m.find());
    return out.append(text, last, text.length()).toString();
  }

  /** Step 4: any run of the same letter becomes one letter. */
  static String squeeze(String text) {
    StringBuilder out = new StringBuilder(text.length());
    char previous = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != previous || !Character.isLetter(c)) {
        out.append(c);
      }
      previous = c;
    }
    return out.toString();
  }
}
