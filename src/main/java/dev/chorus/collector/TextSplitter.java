package dev.chorus.collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a reply into the parts a platform accepts: each at most {@code max} code points, cut at the
 * last space before the limit when there is one (else inside the word), never inside a surrogate
 * pair, at most {@code maxParts} parts (the last one ends in "…" when text was left over). Blank
 * parts are dropped. A pure function, so every collector splits the same way and tests can check it
 * with literal strings.
 */
public final class TextSplitter {

  private static final String MORE = "…";

  private TextSplitter() {}

  public static List<String> split(String text, int max, int maxParts) {
    if (max < 2 || maxParts < 1) {
      throw new IllegalArgumentException("need max >= 2 and maxParts >= 1");
    }
    List<String> parts = new ArrayList<>();
    if (text == null) {
      return parts;
    }
    String rest = text.strip();
    while (!rest.isEmpty()) {
      if (rest.codePointCount(0, rest.length()) <= max) {
        parts.add(rest);
        break;
      }
      if (parts.size() == maxParts - 1) {
        int end = rest.offsetByCodePoints(0, max - 1);
        parts.add(rest.substring(0, end).stripTrailing() + MORE);
        break;
      }
      int limit = rest.offsetByCodePoints(0, max);
      int cut = rest.lastIndexOf(' ', limit);
      if (cut <= 0) {
        cut = limit;
      }
      String part = rest.substring(0, cut).stripTrailing();
      if (!part.isEmpty()) {
        parts.add(part);
      }
      rest = rest.substring(cut).stripLeading();
    }
    return parts;
  }
}
