package dev.chorus.moderation;

import java.util.List;

/**
 * Rule names as they appear in decisions, logs and settings. {@link #ORDER} is the tie-break
 * between findings with the same action and score: rules that say most about intent come first.
 */
public final class RuleNames {

  public static final String BLOCKED_TERMS = "blocked_terms";
  public static final String OBFUSCATED_LINKS = "obfuscated_links";
  public static final String LINKS = "links";
  public static final String SPAM_DETECTOR = "spam_detector";
  public static final String REPETITION = "repetition";
  public static final String COPY_PASTA = "copy_pasta";
  public static final String NEW_ACCOUNT = "new_account";
  public static final String EMOTES = "emotes";
  public static final String SYMBOLS = "symbols";
  public static final String CAPS = "caps";
  public static final String LENGTH = "length";

  public static final List<String> ORDER =
      List.of(
          BLOCKED_TERMS,
          OBFUSCATED_LINKS,
          LINKS,
          SPAM_DETECTOR,
          REPETITION,
          COPY_PASTA,
          NEW_ACCOUNT,
          EMOTES,
          SYMBOLS,
          CAPS,
          LENGTH);

  private RuleNames() {}

  static int rank(String rule) {
    int i = ORDER.indexOf(rule);
    return i < 0 ? ORDER.size() : i;
  }
}
