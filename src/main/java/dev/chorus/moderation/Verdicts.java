package dev.chorus.moderation;

import dev.chorus.event.ContextKeys.Moderation;
import dev.chorus.event.ContextKeys.ModerationFinding;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A {@link ModerationDecision} in its shared forms: the context entry and the API's JSON. */
final class Verdicts {

  private Verdicts() {}

  static Moderation context(
      ModerationDecision d, boolean exempt, String userId, String platformMessageId) {
    return new Moderation(
        d.action().wire(),
        d.rule(),
        d.score(),
        d.detail(),
        d.findings().stream()
            .map(f -> new ModerationFinding(f.rule(), f.action().wire(), f.score(), f.detail()))
            .toList(),
        d.permitUsed(),
        exempt,
        userId,
        platformMessageId);
  }

  /** The check endpoint's and the check address's answer. */
  static JsonObject json(ModerationDecision d, boolean exempt) {
    JsonArray findings = new JsonArray();
    for (var f : d.findings()) {
      findings.add(
          new JsonObject()
              .put("rule", f.rule())
              .put("action", f.action().wire())
              .put("score", f.score())
              .put("detail", f.detail()));
    }
    return new JsonObject()
        .put("action", d.action().wire())
        .put("rule", d.rule())
        .put("score", d.score())
        .put("detail", d.detail())
        .put("exempt", exempt)
        .put("findings", findings);
  }

  /** The words of a warning, per rule; the author is addressed by name before them. */
  static String warning(String rule) {
    if (rule == null) {
      return "please keep the chat friendly.";
    }
    return switch (rule) {
      case RuleNames.LINKS, RuleNames.OBFUSCATED_LINKS ->
          "please don't post links without a moderator's permit.";
      case RuleNames.CAPS -> "please ease up on the caps.";
      case RuleNames.SYMBOLS, RuleNames.EMOTES -> "please don't spam symbols or emotes.";
      case RuleNames.REPETITION, RuleNames.COPY_PASTA -> "please don't repeat messages.";
      case RuleNames.LENGTH -> "please keep messages shorter.";
      case RuleNames.BLOCKED_TERMS -> "that word isn't allowed here.";
      default -> "that looks like spam; please don't.";
    };
  }
}
