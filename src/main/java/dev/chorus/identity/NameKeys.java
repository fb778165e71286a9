package dev.chorus.identity;

import dev.chorus.text.Confusables;

/**
 * The look-alike key of a display name: two names with the same key look the same to a reader
 * ({@code Streamer}, {@code Streаmer} with a Cyrillic а, {@code ＳＴＲＥＡＭＥＲ}, {@code Str3am3r}, {@code
 * stream_er}). The key starts from the Unicode confusables skeleton ({@link Confusables#nameKey}:
 * invisible characters out, NFKC, case and accents folded, UTS #39 skeleton, decision 122), then
 * digits that stand for letters become the letter and separators go. Decision 081.
 */
public final class NameKeys {

  /** Longest key kept (the column's size); longer names are cut, which only costs precision. */
  public static final int MAX_LENGTH = 128;

  private NameKeys() {}

  /** The key of {@code name}, or null when nothing is left to compare (a name of symbols). */
  public static String of(String name) {
    if (name == null) {
      return null;
    }
    String folded = Confusables.nameKey(name);
    StringBuilder out = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length() && out.length() < MAX_LENGTH; i++) {
      char c = folded.charAt(i);
      char k =
          switch (c) {
            case '0' -> 'o';
            case '1', '|', '!', 'i' -> 'l'; // l, I and 1 are one shape in many fonts
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            case '8' -> 'b';
            default -> c;
          };
      if (Character.isLetterOrDigit(k)) {
        out.append(k);
      }
    }
    // "rn" reads as "m", "vv" as "w".
    String key = out.toString().replace("rn", "m").replace("vv", "w");
    return key.isEmpty() ? null : key;
  }
}
