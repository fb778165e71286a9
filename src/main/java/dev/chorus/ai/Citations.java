package dev.chorus.ai;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fact ids a model reply cites ({@code [fact:ID]}, as the prompt asks, or a bare {@code
 * [ID]} of a fact it was given) and takes the markers out of the text chat sees. Only ids of facts
 * that were in the prompt count: a model inventing {@code [fact:42]} cites nothing.
 */
final class Citations {

  private static final Pattern MARKER =
      Pattern.compile(
          "\\s?\\[(?:fact:\\s*)?([A-Za-z0-9_.:\\-]{1,80})\\]", Pattern.CASE_INSENSITIVE);

  /** The reply without markers, and the known ids it cited, in order of first citation. */
  record Read(String text, List<String> cited) {}

  private Citations() {}

  static Read read(String reply, List<String> known) {
    Set<String> ids = Set.copyOf(known);
    LinkedHashSet<String> cited = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(reply);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String id = m.group(1);
      boolean factMarker = m.group().toLowerCase(java.util.Locale.ROOT).contains("[fact:");
      if (ids.contains(id)) {
        cited.add(id);
        m.appendReplacement(out, "");
      } else if (factMarker) {
        m.appendReplacement(out, ""); // an invented citation: dropped, not shown
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      }
    }
    m.appendTail(out);
    String text =
        out.toString().replaceAll("[ \\t]{2,}", " ").replaceAll("\\s+([.,!?;:])", "$1").strip();
    return new Read(text, new ArrayList<>(cited));
  }
}
