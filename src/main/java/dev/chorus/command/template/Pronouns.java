package dev.chorus.command.template;

import java.util.Locale;
import java.util.Map;

/**
 * Pronoun forms from what a person set ({@code she/her}, {@code he/him}, {@code they/them}, {@code
 * xe/xem} …). Known sets give all four forms; an unknown set uses its first part as subject and its
 * second as object. Nothing set: they/them.
 */
record Pronouns(String subject, String object, String possessive, String reflexive) {

  private static final Map<String, Pronouns> KNOWN =
      Map.of(
          "she", new Pronouns("she", "her", "her", "herself"),
          "he", new Pronouns("he", "him", "his", "himself"),
          "they", new Pronouns("they", "them", "their", "themselves"),
          "it", new Pronouns("it", "it", "its", "itself"),
          "xe", new Pronouns("xe", "xem", "xyr", "xemself"),
          "ze", new Pronouns("ze", "zir", "zir", "zirself"),
          "fae", new Pronouns("fae", "faer", "faer", "faerself"));

  static Pronouns of(String set) {
    if (set == null || set.isBlank()) {
      return KNOWN.get("they");
    }
    String[] parts = set.strip().toLowerCase(Locale.ROOT).split("\\s*/\\s*");
    Pronouns known = KNOWN.get(parts[0]);
    if (known != null) {
      return known;
    }
    String subject = parts[0];
    String object = parts.length > 1 ? parts[1] : subject;
    return new Pronouns(subject, object, object, object + "self");
  }

  String get(String form) {
    return switch (form) {
      case "subject" -> subject;
      case "object" -> object;
      case "possessive" -> possessive;
      case "reflexive" -> reflexive;
      default -> throw new TemplateException("unknown variable ${pronoun." + form + "}");
    };
  }
}
