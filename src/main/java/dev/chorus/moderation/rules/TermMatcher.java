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

  /**
   * The first blocked term or pattern found in any of the normalized {@code variants} or in {@code
   * folded}, as the matched text; empty when none.
   */
  public Optional<String> find(List<String> variants, String folded) {
    for (String text : variants) {
      if (terms != null) {
        Matcher m = terms.matcher(text);
        if (m.find()) {
          return Optional.of(m.group());
        }
      }
      for (Pattern p : patterns) {
        Matcher m = p.matcher(text);
        if (m.find()) {
          return Optional.of(m.group());
        }
      }
    }
    for (Pattern p : patterns) {
      Matcher m = p.matcher(folded);
      if (m.find()) {
        return Optional.of(m.group());
      }
    }
    return Optional.empty();
  }
}
