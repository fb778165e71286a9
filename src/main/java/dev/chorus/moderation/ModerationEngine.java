package dev.chorus.moderation;

import static dev.chorus.moderation.RuleNames.BLOCKED_TERMS;
import static dev.chorus.moderation.RuleNames.CAPS;
import static dev.chorus.moderation.RuleNames.COPY_PASTA;
import static dev.chorus.moderation.RuleNames.EMOTES;
import static dev.chorus.moderation.RuleNames.LENGTH;
import static dev.chorus.moderation.RuleNames.LINKS;
import static dev.chorus.moderation.RuleNames.NEW_ACCOUNT;
import static dev.chorus.moderation.RuleNames.OBFUSCATED_LINKS;
import static dev.chorus.moderation.RuleNames.REPETITION;
import static dev.chorus.moderation.RuleNames.SPAM_DETECTOR;
import static dev.chorus.moderation.RuleNames.SYMBOLS;

import dev.chorus.moderation.ModerationDecision.Finding;
import dev.chorus.moderation.history.ChannelHistory;
import dev.chorus.moderation.history.RecentMessage;
import dev.chorus.moderation.rules.LinkFinder;
import dev.chorus.moderation.rules.Shapes;
import dev.chorus.moderation.rules.Solicitation;
import dev.chorus.moderation.rules.TermMatcher;
import dev.chorus.moderation.rules.TextNormalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The moderation rules of one community's settings, compiled once. Pure: no I/O, no clock, no state
 * of its own (history and permits come in with each call), so it is safe on an event loop and from
 * any number of threads. The spam detector is not called from here (it blocks); the stage runs it
 * on a worker and passes its score in.
 */
public final class ModerationEngine {

  private final ModerationSettings settings;
  private final TermMatcher terms;

  /** Throws {@link IllegalArgumentException} naming the setting when a pattern does not compile. */
  public ModerationEngine(ModerationSettings settings) {
    this.settings = settings;
    this.terms =
        new TermMatcher(settings.blockedTerms().terms(), settings.blockedTerms().patterns());
  }

  public ModerationSettings settings() {
    return settings;
  }

  /** True when the author's level exempts them from every rule (the detector need not run). */
  public boolean exempt(ModerationInput input) {
    return input.level().atLeast(settings.exemptLevel());
  }

  /** True when a detector score would be used for this message, i.e. worth computing. */
  public boolean wantsDetector(ModerationInput input) {
    return settings.detector().enabled() && !exempt(input);
  }

  /** The rules' decision, without the spam detector. */
  public ModerationDecision evaluate(ModerationInput input, ChannelHistory history) {
    return evaluate(input, history, OptionalDouble.empty());
  }

  /** The rules' decision combined with the spam detector's {@code spamScore} in [0,1]. */
  public ModerationDecision evaluate(
      ModerationInput input, ChannelHistory history, double spamScore) {
    return evaluate(input, history, OptionalDouble.of(spamScore));
  }

  private ModerationDecision evaluate(
      ModerationInput input, ChannelHistory history, OptionalDouble spamScore) {
    if (exempt(input)) {
      return ModerationDecision.ALLOW;
    }
    List<Finding> findings = new ArrayList<>();
    String text = input.text();
    String folded = TextNormalizer.fold(text); // once: links, terms and repeats all start here
    boolean permitUsed = links(input, folded, findings);
    List<String> variants = TextNormalizer.variantsOfFolded(folded);

    var blocked = settings.blockedTerms();
    if (blocked.enabled() && !terms.isEmpty()) {
      Optional<TermMatcher.Match> hit = terms.find(variants, folded);
      if (hit.isPresent() && hit.get().exhausted()) {
        // Reported, not acted on: a slow pattern is the community's mistake, not the author's.
        String why =
            "blockedTerms.patterns[" + hit.get().exhaustedPattern() + "] gave up (too slow)";
        findings.add(finding(BLOCKED_TERMS, ModerationAction.NONE, 0, why));
      } else if (hit.isPresent()) {
        findings.add(finding(BLOCKED_TERMS, blocked.action(), 1, "term: " + hit.get().text()));
      }
    }
    // Switching the rule off also drops the detector's stricter bar for newcomers.
    boolean newcomer = settings.newAccounts().enabled() && newcomer(input);
    if (newcomer) {
      findings.add(
          finding(
              NEW_ACCOUNT,
              settings.newAccounts().action(),
              1,
              "first message, account " + input.accountAge().toDays() + " days old"));
    }
    var detector = settings.detector();
    if (detector.enabled() && spamScore.isPresent()) {
      double raw = spamScore.getAsDouble();
      double score = Double.isNaN(raw) ? 0 : Math.max(0, Math.min(1, raw));
      // The topic alone (followers, affiliate, emotes) is not spam: the lower bar applies only to
      // a message that solicits (decision 116), checked only when it can matter.
      boolean soliciting =
          score >= detector.solicitingThreshold()
              && score < detector.threshold()
              && Solicitation.in(text);
      double bar =
          newcomer
              ? detector.newAccountThreshold()
              : soliciting ? detector.solicitingThreshold() : detector.threshold();
      if (score >= bar) {
        findings.add(
            finding(
                SPAM_DETECTOR,
                detector.action(),
                score,
                String.format(Locale.ROOT, "score %.2f ≥ %.2f", score, bar)));
      }
    }
    shapes(input, findings);
    repeats(input, variants.get(0), history, findings);
    return ModerationDecision.of(findings, permitUsed);
  }

  /** Adds link findings; returns true when a permit let a link through. */
  private boolean links(ModerationInput input, String folded, List<Finding> findings) {
    var links = settings.links();
    var hidden = settings.obfuscatedLinks();
    if (!links.enabled() && !hidden.enabled()) {
      return false;
    }
    List<LinkFinder.Link> found =
        LinkFinder.find(input.text(), folded).stream()
            .filter(
                l -> links.allowedDomains().stream().noneMatch(d -> LinkFinder.under(l.host(), d)))
            .toList();
    if (found.isEmpty() || input.level().atLeast(links.allowedFrom())) {
      return false;
    }
    if (input.permitted()) {
      return true;
    }
    for (LinkFinder.Link link : found) {
      if (link.obfuscated() && hidden.enabled()) {
        findings.add(finding(OBFUSCATED_LINKS, hidden.action(), 1, "hidden link: " + link.host()));
      } else if (links.enabled()) {
        findings.add(finding(LINKS, links.action(), 1, "link: " + link.host()));
      }
    }
    return false;
  }

  private void shapes(ModerationInput input, List<Finding> findings) {
    String text = input.text();
    Shapes.Counts counts = Shapes.count(text, new HashSet<>(input.emotes()));
    var caps = settings.caps();
    if (caps.enabled()
        && counts.letters() >= caps.minLetters()
        && counts.capsRatio() > caps.maxRatio()) {
      findings.add(
          finding(
              CAPS, caps.action(), counts.capsRatio(), percent("capitals", counts.capsRatio())));
    }
    var symbols = settings.symbols();
    if (symbols.enabled()) {
      if (counts.nonSpace() >= symbols.minLength() && counts.symbolRatio() > symbols.maxRatio()) {
        findings.add(
            finding(
                SYMBOLS,
                symbols.action(),
                counts.symbolRatio(),
                percent("symbols", counts.symbolRatio())));
      } else if (counts.longestSymbolRun() > symbols.maxRun()) {
        findings.add(
            finding(
                SYMBOLS, symbols.action(), 1, "run of " + counts.longestSymbolRun() + " symbols"));
      }
    }
    var emotes = settings.emotes();
    if (emotes.enabled() && counts.emotes() > emotes.maxEmotes()) {
      findings.add(finding(EMOTES, emotes.action(), 1, counts.emotes() + " emotes"));
    }
    var length = settings.length();
    int chars = text.codePointCount(0, text.length());
    if (length.enabled() && chars > length.maxChars()) {
      findings.add(finding(LENGTH, length.action(), 1, chars + " characters"));
    }
  }

  private void repeats(
      ModerationInput input, String normalized, ChannelHistory history, List<Finding> findings) {
    var same = settings.repetition();
    var pasta = settings.copyPasta();
    boolean pastaApplies = pasta.enabled() && normalized.length() >= pasta.minLength();
    if (!same.enabled() && !pastaApplies) {
      return;
    }
    RecentMessage current = RecentMessage.fromNormalized(input.userId(), normalized, input.at());
    var sameSince = input.at().minusSeconds(same.windowSeconds());
    var pastaSince = input.at().minusSeconds(pasta.windowSeconds());
    int repeats = 0;
    Set<String> others = new HashSet<>();
    var oldest = sameSince.isBefore(pastaSince) ? sameSince : pastaSince;
    List<RecentMessage> recent = history.recent();
    // Newest first, so a busy channel's older messages end the loop instead of being compared.
    for (int i = recent.size() - 1; i >= 0; i--) {
      RecentMessage past = recent.get(i);
      if (past.at().isBefore(oldest)) {
        break;
      }
      if (past.at().isAfter(input.at())) {
        continue;
      }
      boolean mine = past.userId().equals(input.userId());
      if (mine && same.enabled() && !past.at().isBefore(sameSince)) {
        repeats += current.similarTo(past, same.similarity()) ? 1 : 0;
      } else if (!mine && pastaApplies && !past.at().isBefore(pastaSince)) {
        if (current.similarTo(past, pasta.similarity())) {
          others.add(past.userId());
        }
      }
    }
    if (same.enabled() && repeats >= same.maxRepeats()) {
      findings.add(
          finding(
              REPETITION,
              same.action(),
              1,
              repeats + " similar messages in " + same.windowSeconds() + " s"));
    }
    if (pastaApplies && others.size() >= pasta.minOtherAuthors()) {
      findings.add(
          finding(
              COPY_PASTA,
              pasta.action(),
              1,
              "also sent by " + others.size() + " others in " + pasta.windowSeconds() + " s"));
    }
  }

  private boolean newcomer(ModerationInput input) {
    Duration age = input.accountAge();
    return input.firstMessage()
        && age != null
        && age.compareTo(Duration.ofDays(settings.newAccounts().minAccountAgeDays())) < 0;
  }

  private static Finding finding(String rule, ModerationAction action, double score, String why) {
    return new Finding(rule, action, Math.max(0, Math.min(1, score)), why);
  }

  private static String percent(String what, double ratio) {
    return String.format(Locale.ROOT, "%.0f%% %s", ratio * 100, what);
  }
}
