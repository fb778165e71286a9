package dev.chorus.knowledge;

import java.util.Locale;

/**
 * What a caller supplies for a new fact; the store assigns status, times, version and seq.
 *
 * @param id the id to store it under, or null for a fresh one. A caller that may repeat itself (a
 *     chat command re-run after a restart) derives it from the event id, so the repeat finds the
 *     first fact instead of adding a second.
 * @param subject who or what it is about (stored lower case), or null
 */
public record NewFact(
    String community,
    Fact.Kind kind,
    String title,
    String body,
    String source,
    String proposedBy,
    String subject,
    String id) {

  public NewFact {
    if (community == null
        || community.isBlank()
        || title == null
        || title.isBlank()
        || body == null
        || source == null
        || source.isBlank()
        || proposedBy == null
        || kind == null) {
      throw new IllegalArgumentException(
          "a fact needs community, kind, title, body, source and proposedBy");
    }
    subject = normalizeSubject(subject);
  }

  /** A fact with no subject and a fresh id. */
  public NewFact(
      String community,
      Fact.Kind kind,
      String title,
      String body,
      String source,
      String proposedBy) {
    this(community, kind, title, body, source, proposedBy, null, null);
  }

  /** {@code subject} trimmed, without a leading {@code @}, lower case; null when blank. */
  public static String normalizeSubject(String subject) {
    if (subject == null) {
      return null;
    }
    String s = subject.trim();
    if (s.startsWith("@")) {
      s = s.substring(1);
    }
    return s.isBlank() ? null : s.toLowerCase(Locale.ROOT);
  }
}
