package dev.chorus.event;

import java.text.Normalizer;

/**
 * Unicode hygiene for what people and platforms send in: ids, names and message text. One policy
 * for every way in (decision 080), JDK only, so that the contract package stays dependency-free.
 *
 * <ul>
 *   <li>Everything is NFC-normalized, so the same name typed on two keyboards is the same string.
 *   <li>An id or name made only of invisible characters (zero-width space, joiners, word joiner,
 *       BOM, soft hyphen, other format or default-ignorable code points, combining marks without a
 *       base, whitespace, Hangul fillers, the blank Braille pattern) is {@link #nameProblem
 *       refused} where the sender can be told, and replaced by the stable platform id where the
 *       platform already accepted the user ({@link #displayName}).
 *   <li>A name containing a bidirectional embedding, override or isolate (U+202A–U+202E,
 *       U+2066–U+2069) is refused, or has them stripped for platform users.
 *   <li>Control characters (C0 other than tab, line feed and carriage return; DEL; C1) are stripped
 *       from platform message text ({@link #cleanText}).
 * </ul>
 */
public final class TextHygiene {

  private TextHygiene() {}

  /** {@code s} in Unicode normalization form C; null stays null. */
  public static String nfc(String s) {
    return s == null || Normalizer.isNormalized(s, Normalizer.Form.NFC)
        ? s
        : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /**
   * Why an id or name typed by a user is refused, or null when it is fine. Call with the NFC form;
   * {@code field} names the field in the message.
   */
  public static String nameProblem(String value, String field) {
    if (value == null) {
      return null;
    }
    if (hasBidiControl(value)) {
      return field + " must not contain bidirectional override or isolate characters";
    }
    if (value.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
      return field + " must not contain control characters";
    }
    if (!hasVisible(value)) {
      return field + " must contain a visible character";
    }
    return null;
  }

  /**
   * A platform display name made safe to show: NFC, bidirectional controls and control characters
   * removed, surrounding whitespace trimmed; null when nothing visible is left (the caller falls
   * back to the login or the stable platform id). The platform accepted this user, so the name is
   * cleaned, never refused.
   */
  public static String displayName(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(name.length());
    nfc(name)
        .codePoints()
        .filter(
            cp -> !isBidiControl(cp) && !isControl(cp) && cp != '\t' && cp != '\n' && cp != '\r')
        .forEach(out::appendCodePoint);
    String cleaned = out.toString().strip();
    return hasVisible(cleaned) ? cleaned : null;
  }

  /**
   * Platform message text: NFC, with control characters other than tab, line feed and carriage
   * return removed (NUL is refused by PostgreSQL and none belongs in chat).
   */
  public static String cleanText(String text) {
    if (text == null) {
      return null;
    }
    String s = nfc(text);
    if (!hasControl(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().filter(cp -> !isControl(cp)).forEach(out::appendCodePoint);
    return out.toString();
  }

  /** True when {@code s} has a code point a reader can see. */
  public static boolean hasVisible(String s) {
    return s != null && s.codePoints().anyMatch(cp -> !isInvisible(cp));
  }

  /** True when {@code s} has a bidirectional embedding, override or isolate. */
  public static boolean hasBidiControl(String s) {
    return s != null && s.codePoints().anyMatch(TextHygiene::isBidiControl);
  }

  /** True when {@code s} has a control character other than tab, line feed, carriage return. */
  public static boolean hasControl(String s) {
    return s != null && s.codePoints().anyMatch(TextHygiene::isControl);
  }

  static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
  }

  static boolean isControl(int cp) {
    return Character.getType(cp) == Character.CONTROL && cp != '\t' && cp != '\n' && cp != '\r';
  }

  /**
   * Code points that show nothing on their own: whitespace and controls, format characters (Cf:
   * zero-width space and joiners, word joiner, BOM, soft hyphen, bidi marks, tags), combining marks
   * (they need a visible base), unassigned code points, and the default-ignorable or blank letters
   * that are not Cf (Hangul fillers, the Khmer inherent vowels, the blank Braille pattern).
   */
  static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    return Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x17B4
        || cp == 0x17B5
        || cp == 0x2800
        || cp == 0x3164
        || cp == 0xFFA0;
  }
}
