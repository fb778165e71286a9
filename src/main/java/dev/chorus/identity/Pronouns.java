package dev.chorus.identity;

import dev.chorus.event.TextHygiene;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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

  /** At most this many custom sets per community. */
  static final int MAX_CUSTOM = 30;

  /** A custom set: letters (any script), apostrophes, hyphens, slashes and single spaces. */
  private static final Pattern CUSTOM =
      Pattern.compile("\\p{L}[\\p{L}\\p{M}'-]*(?:[/ ]\\p{L}[\\p{L}\\p{M}'-]*){0,4}");

  private Pronouns() {}

  /** The known pronouns {@code input} names (case and spacing ignored), if any. */
  public static Optional<String> parse(String input) {
    return parse(input, List.of());
  }

  /** The pronouns {@code input} names among the known ones and {@code custom}, if any. */
  public static Optional<String> parse(String input, Collection<String> custom) {
    String normalized = normalize(input);
    Optional<String> known = KNOWN.stream().filter(normalized::equals).findFirst();
    return known.isPresent() ? known : custom.stream().filter(normalized::equals).findFirst();
  }

  /** Case folded, NFC, spaces around {@code /} removed, runs of spaces made one. */
  static String normalize(String input) {
    return TextHygiene.nfc(input)
        .trim()
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s*/\\s*", "/")
        .replaceAll("\\s+", " ");
  }

  /**
   * Why {@code set} cannot be a custom pronoun set, null when it can (after {@link #normalize}).
   */
  static String problem(String set) {
    if (set.isEmpty() || set.length() > 32) {
      return "a pronoun set must be 1-32 characters";
    }
    if (!CUSTOM.matcher(set).matches()) {
      return "a pronoun set is words of letters separated by / or a space (like xe/xyr), got '"
          + set
          + "'";
    }
    return null;
  }

  /** The custom sets stored as a JSON array; entries that are not valid sets are skipped. */
  static List<String> customList(String json) {
    List<String> out = new ArrayList<>();
    try {
      for (Object o : new JsonArray(json)) {
        if (o instanceof String s) {
          String n = normalize(s);
          if (problem(n) == null && !KNOWN.contains(n) && !out.contains(n)) {
            out.add(n);
          }
        }
        if (out.size() == MAX_CUSTOM) {
          break;
        }
      }
    } catch (RuntimeException e) {
      return List.of();
    }
    return List.copyOf(out);
  }
}
