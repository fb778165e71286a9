package dev.chorus.identity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The pronouns {@code !pronouns} accepts, as they are shown. */
public final class Pronouns {

  /** The known set, in the form they are stored and shown. */
  public static final List<String> KNOWN =
      List.of(
          "he/him",
          "she/her",
          "they/them",
          "he/they",
          "she/they",
          "they/he",
          "they/she",
          "any/all",
          "it/its",
          "xe/xem",
          "ze/hir",
          "fae/faer",
          "ask me");

  private Pronouns() {}

  /** The known pronouns {@code input} names (case and spacing ignored), if any. */
  public static Optional<String> parse(String input) {
    String normalized =
        input.trim().toLowerCase(Locale.ROOT).replaceAll("\\s*/\\s*", "/").replaceAll("\\s+", " ");
    return KNOWN.stream().filter(normalized::equals).findFirst();
  }
}
