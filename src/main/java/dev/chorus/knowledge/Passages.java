package dev.chorus.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Markdown or plain-text document into passages a question can be answered from: one per
 * paragraph, each titled with the headings above it ({@code Rules › Emotes}), long paragraphs cut
 * at sentence ends near {@link #MAX} characters, short neighbours under one heading joined up to
 * {@link #TARGET}. Code fences are kept whole (up to the limit).
 */
public final class Passages {

  /** Longest passage. */
  public static final int MAX = 1000;

  /** Paragraphs are joined while the passage stays under this. */
  static final int TARGET = 400;

  /** A passage and the headings it sits under. */
  public record Passage(String title, String text) {}

  private Passages() {}

  /** The passages of {@code document}, titled under {@code name} when there is no heading. */
  public static List<Passage> split(String name, String document) {
    List<Passage> out = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    StringBuilder pending = new StringBuilder();
    boolean fence = false;
    for (String raw : document.replace("\r\n", "\n").split("\n", -1)) {
      String line = raw.stripTrailing();
      if (line.strip().startsWith("```")) {
        fence = !fence;
        paragraph.append(line).append('\n');
        continue;
      }
      if (!fence && line.startsWith("#")) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
          level++;
        }
        if (level <= 6 && (level == line.length() || line.charAt(level) == ' ')) {
          endParagraph(paragraph, pending, out, name, headings);
          flush(pending, out, name, headings);
          while (headings.size() >= level) {
            headings.remove(headings.size() - 1);
          }
          while (headings.size() < level - 1) {
            headings.add("");
          }
          headings.add(line.substring(level).strip());
          continue;
        }
      }
      if (!fence && line.isBlank()) {
        endParagraph(paragraph, pending, out, name, headings);
      } else {
        paragraph.append(line.strip()).append(fence ? "\n" : " ");
      }
    }
    endParagraph(paragraph, pending, out, name, headings);
    flush(pending, out, name, headings);
    return out;
  }

  private static void endParagraph(
      StringBuilder paragraph,
      StringBuilder pending,
      List<Passage> out,
      String name,
      List<String> headings) {
    String p = paragraph.toString().strip();
    paragraph.setLength(0);
    if (p.isEmpty()) {
      return;
    }
    if (pending.length() > 0 && pending.length() + 1 + p.length() > TARGET) {
      flush(pending, out, name, headings);
    }
    if (p.length() > MAX) {
      flush(pending, out, name, headings);
      for (String piece : cut(p)) {
        out.add(new Passage(title(name, headings), piece));
      }
      return;
    }
    if (pending.length() > 0) {
      pending.append('\n');
    }
    pending.append(p);
  }

  private static void flush(
      StringBuilder pending, List<Passage> out, String name, List<String> headings) {
    if (pending.length() > 0) {
      out.add(new Passage(title(name, headings), pending.toString()));
      pending.setLength(0);
    }
  }

  private static String title(String name, List<String> headings) {
    List<String> named = headings.stream().filter(h -> !h.isEmpty()).toList();
    return named.isEmpty() ? name : String.join(" › ", named);
  }

  /** A long paragraph in pieces of at most {@link #MAX}, cut after a sentence when there is one. */
  static List<String> cut(String text) {
    List<String> pieces = new ArrayList<>();
    String rest = text;
    while (rest.length() > MAX) {
      int at = -1;
      for (int i = MAX - 1; i >= MAX / 2; i--) {
        char c = rest.charAt(i);
        if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(rest.charAt(i + 1))) {
          at = i + 1;
          break;
        }
      }
      if (at < 0) {
        at = rest.lastIndexOf(' ', MAX);
        if (at < MAX / 2) {
          at = MAX;
        }
      }
      pieces.add(rest.substring(0, at).strip());
      rest = rest.substring(at).strip();
    }
    if (!rest.isEmpty()) {
      pieces.add(rest);
    }
    return pieces;
  }
}
