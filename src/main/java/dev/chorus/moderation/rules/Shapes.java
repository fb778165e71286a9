package dev.chorus.moderation.rules;

import java.util.Set;

/**
 * Measures of a message's shape for the caps, symbol and emote rules, on the text as sent (case and
 * symbols are what these rules are about, so they do not see the normalized text). Words in the
 * caller's emote set are left out of caps and symbol counts: {@code LUL} is not shouting.
 */
public final class Shapes {

  private Shapes() {}

  /** Counts of one message. */
  public record Counts(
      int letters, int capitals, int nonSpace, int symbols, int longestSymbolRun, int emotes) {

    /** Share of capitals among letters (0 when there are none). */
    public double capsRatio() {
      return letters == 0 ? 0 : (double) capitals / letters;
    }

    /** Share of symbols among non-space characters (0 when there are none). */
    public double symbolRatio() {
      return nonSpace == 0 ? 0 : (double) symbols / nonSpace;
    }
  }

  /**
   * Counts letters and capitals (a run of one repeated letter counts once, so {@code GOOOOOO} is
   * two letters and hype stretching does not make a message look long), symbols and the longest run
   * of one symbol, and emotes: words in {@code emoteNames} plus emoji.
   */
  public static Counts count(String text, Set<String> emoteNames) {
    int letters = 0;
    int capitals = 0;
    int nonSpace = 0;
    int symbols = 0;
    int longestRun = 0;
    int emotes = 0;
    for (String word : text.split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (emoteNames.contains(word)) {
        emotes++;
        continue;
      }
      int previous = -1;
      int run = 0;
      for (int i = 0; i < word.length(); ) {
        int cp = word.codePointAt(i);
        i += Character.charCount(cp);
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || isModifier(cp)) {
          continue; // joiners, variation selectors and skin tones belong to the emoji before them
        }
        nonSpace++;
        if (Character.isLetter(cp)) {
          if (Character.toLowerCase(cp) != Character.toLowerCase(previous)) {
            letters++;
            capitals += Character.isUpperCase(cp) ? 1 : 0;
          }
          run = 0;
        } else if (isEmoji(cp)) {
          emotes++;
          run = 0;
        } else if (!Character.isDigit(cp)) {
          symbols++;
          run = cp == previous ? run + 1 : 1;
          longestRun = Math.max(longestRun, run);
        } else {
          run = 0;
        }
        previous = cp;
      }
    }
    return new Counts(letters, capitals, nonSpace, symbols, longestRun, emotes);
  }

  /** Pictographs and the dingbat and symbol blocks emoji come from; box and braille art are not. */
  static boolean isEmoji(int cp) {
    return cp >= 0x1F000 && cp <= 0x1FAFF
        || cp >= 0x2600 && cp <= 0x27BF
        || cp >= 0x2B00 && cp <= 0x2BFF
        || cp == 0x2122
        || cp == 0x2139
        || cp >= 0x2190 && cp <= 0x21FF;
  }

  private static boolean isModifier(int cp) {
    return cp >= 0x1F3FB && cp <= 0x1F3FF;
  }
}
