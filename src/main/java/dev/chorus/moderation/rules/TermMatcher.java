package dev.chorus.moderation.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Blocked terms and patterns, compiled once per settings. Terms are normalized like the text
 * ({@link TextNormalizer#normalize}) and match as whole words or phrases; patterns are regular
 * expressions matched (case-insensitively) against the normalized text and the folded, unsqueezed
 * text, so a pattern may rely on letter counts ({@code fol{2}ow}) or not.
 */
public final class TermMatcher {

  private final Pattern terms;
  private final List<Pattern> patterns;

  /** Throws {@link IllegalArgumentException} naming {@code blockedTerms.patterns[i]} when bad. */
  public TermMatcher(List<String> termList, List<String> patternList) {
    List<String> alternatives = new ArrayList<>();
    for (String term : termList) {
      String normalized = TextNormalizer.normalize(term);
      if (!normalized.isBlank()) {
        // Words of a phrase match across any run of spaces the text keeps.
        List<String> words = new ArrayList<>();
        for (String word : normalized.trim().split(" +")) {
          words.add(Pattern.quote(word));
        }
        alternatives.add(String.join(" +", words));
      }
    }
    this.terms =
        alternatives.isEmpty()
            ? null
            : Pattern.compile(
                "(?<![\\p{L}\\p{N}])(?:" + String.join("|", alternatives) + ")(?![\\p{L}\\p{N}])");
    this.patterns = new ArrayList<>();
    for (int i = 0; i < patternList.size(); i++) {
      try {
        patterns.add(
            Pattern.compile(patternList.get(i), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "blockedTerms.patterns[" + i + "] is not a valid pattern: " + e.getDescription(), e);
      }
    }
  }

  public boolean isEmpty() {
    return terms == null && patterns.isEmpty();
  }

  /** What matched: the matched text, or the index of a pattern that ran out of budget. */
  public record Match(String text, int exhaustedPattern) {
    public boolean exhausted() {
      return exhaustedPattern >= 0;
    }
  }

  /**
   * Character reads one pattern may spend on one message: some thousand times a chat message's
   * length, far more than any sane pattern needs and well under a millisecond of work.
   */
  static final long PATTERN_BUDGET = 500_000;

  /**
   * The first blocked term or pattern found in any of the normalized {@code variants} or in {@code
   * folded}; empty when none. A pattern that exhausts its budget counts as no match and is reported
   * ({@link Match#exhausted()}) so the engine can show it as a shadow finding.
   */
  public Optional<Match> find(List<String> variants, String folded) {
    for (String text : variants) {
      if (terms != null) {
        Matcher m = terms.matcher(text);
        if (m.find()) {
          return Optional.of(new Match(m.group(), -1));
        }
      }
    }
    int exhausted = -1;
    for (int i = 0; i < patterns.size(); i++) {
      try {
        for (String text : variants) {
          Matcher m = patterns.get(i).matcher(new BoundedCharSequence(text, PATTERN_BUDGET));
          if (m.find()) {
            return Optional.of(new Match(m.group(), -1));
          }
        }
        Matcher m = patterns.get(i).matcher(new BoundedCharSequence(folded, PATTERN_BUDGET));
        if (m.find()) {
          return Optional.of(new Match(m.group(), -1));
        }
      } catch (BoundedCharSequence.Exhausted e) {
        exhausted = exhausted < 0 ? i : exhausted;
      }
    }
    return exhausted < 0 ? Optional.empty() : Optional.of(new Match(null, exhausted));
  }
}
