package dev.chorus.moderation;

import java.util.Comparator;
import java.util.List;

/**
 * What moderation decided about one message: the one action to take and the rule that asked for it,
 * plus every rule that matched ({@code findings}, strongest first), shadow rules included.
 *
 * <p>The strongest action wins ({@link ModerationAction#compareTo}: none &lt; warn &lt; stop &lt;
 * delete &lt; timeout, a longer timeout beating a shorter one). Ties between equal actions go to
 * the higher score, then to the rule checked first in {@link RuleNames#ORDER}, so the same message
 * always gets the same decision. When only shadow rules matched, the action is {@code none} and
 * {@code rule} still names the top finding, so a shadow rule shows up in logs.
 *
 * @param action what to do
 * @param rule the rule whose finding decided, null when nothing matched
 * @param score that finding's score in [0,1] (a ratio for the ratio rules, the detector's
 *     probability for {@code spam_detector}, 1 for rules that simply match)
 * @param detail human-readable reason (e.g. the domain, the term, the ratio), null when allowed
 * @param findings every rule that matched, strongest first
 * @param permitUsed true when a {@code !permit} grant let a link through; the stage consumes it
 */
public record ModerationDecision(
    ModerationAction action,
    String rule,
    double score,
    String detail,
    List<Finding> findings,
    boolean permitUsed) {

  /** One rule that matched. */
  public record Finding(String rule, ModerationAction action, double score, String detail) {}

  public static final ModerationDecision ALLOW =
      new ModerationDecision(ModerationAction.NONE, null, 0, null, List.of(), false);

  public ModerationDecision {
    action = action == null ? ModerationAction.NONE : action;
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** The decision for these findings, picked as the class comment says. */
  public static ModerationDecision of(List<Finding> findings, boolean permitUsed) {
    if (findings.isEmpty()) {
      return permitUsed ? new ModerationDecision(null, null, 0, null, null, true) : ALLOW;
    }
    List<Finding> sorted = findings.stream().sorted(STRONGEST_FIRST).toList();
    Finding top = sorted.get(0);
    return new ModerationDecision(
        top.action(), top.rule(), top.score(), top.detail(), sorted, permitUsed);
  }

  static final Comparator<Finding> STRONGEST_FIRST =
      Comparator.comparing(Finding::action)
          .thenComparingDouble(Finding::score)
          .reversed()
          .thenComparingInt(f -> RuleNames.rank(f.rule()));

  /** True when nothing matched, not even a shadow rule. */
  public boolean clean() {
    return findings.isEmpty();
  }
}
