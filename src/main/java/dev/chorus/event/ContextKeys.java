package dev.chorus.event;

import java.util.List;

/**
 * The context entries stages share, each with the type of its value. A stage writes an entry with
 * {@link Envelope#with(ContextKey, Object)} and a later stage reads it with {@link
 * Envelope#get(ContextKey)}; both spell the entry through the constant here, so what is read is
 * what was written, on a local hop or across the cluster. {@code docs/events.md} lists them.
 */
public final class ContextKeys {

  /**
   * Who sent the event, as the identity stage resolved them: the person (stable across platforms
   * and renames), the name to address them by, an optional nickname and pronouns (as set, e.g.
   * {@code she/her}), and their permission level in the event's community.
   */
  public record Speaker(
      String personId,
      String displayName,
      String nickname,
      String pronouns,
      PermissionLevel level) {

    public Speaker {
      level = level == null ? PermissionLevel.VIEWER : level;
    }

    /** A viewer with no nickname or pronouns. */
    public Speaker(String personId, String displayName) {
      this(personId, displayName, null, null, PermissionLevel.VIEWER);
    }

    /** The nickname when set, else the display name. */
    public String addressedAs() {
      return nickname == null || nickname.isBlank() ? displayName : nickname;
    }
  }

  /** One fact the knowledge stage retrieved, with its id (for citing) and its fused score. */
  public record RetrievedFact(String id, String text, String subject, double score) {}

  /** The facts retrieved for a message, best first. */
  public record Facts(List<RetrievedFact> items) {

    public Facts {
      items = items == null ? List.of() : List.copyOf(items);
    }
  }

  /** The command the message invoked, as the command stage parsed it. */
  public record Command(String name, List<String> args, boolean known) {

    public Command {
      args = args == null ? List.of() : List.copyOf(args);
    }
  }

  /** Why a stage stopped the slip: only {@code always} steps run after it. */
  public record Stopped(String stage, String reason) {}

  /** Written by the identity stage. */
  public static final ContextKey<Speaker> PERSON = ContextKey.of("person", Speaker.class);

  /** Written by the knowledge stage for a question or {@code !ask}. */
  public static final ContextKey<Facts> FACTS = ContextKey.of("facts", Facts.class);

  /** Written by the command stage for every message that starts with the prefix. */
  public static final ContextKey<Command> COMMAND = ContextKey.of("command", Command.class);

  /** Written by {@link Envelope#stop(String, String)}. */
  public static final ContextKey<Stopped> STOPPED = ContextKey.of("stopped", Stopped.class);

  // --- moderation and AI (moderation stage, ai stage) ---

  /** One moderation rule that matched: its name, the action it asks for, score and reason. */
  public record ModerationFinding(String rule, String action, double score, String detail) {}

  /**
   * What the moderation stage decided about a message. {@code action} is the one action taken:
   * {@code none}, {@code warn}, {@code stop}, {@code delete} or {@code timeout:<seconds>}; {@code
   * delete} and {@code timeout:…} are the instruction for the platform's egress (remove the message
   * {@code platformMessageId}, time out {@code userId}). {@code rule}, {@code score} and {@code
   * detail} name the finding that decided (null rule: nothing matched); {@code findings} lists
   * every rule that matched, shadow ones included; {@code exempt} says the author's level skipped
   * the rules.
   */
  public record Moderation(
      String action,
      String rule,
      double score,
      String detail,
      List<ModerationFinding> findings,
      boolean permitUsed,
      boolean exempt,
      String userId,
      String platformMessageId) {

    public Moderation {
      action = action == null ? "none" : action;
      findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** True when the platform should remove the message (delete or timeout). */
    public boolean removesMessage() {
      return action.equals("delete") || action.startsWith("timeout:");
    }

    /** Seconds of the timeout, 0 when the action is not a timeout. */
    public int timeoutSeconds() {
      if (!action.startsWith("timeout:")) {
        return 0;
      }
      try {
        return Integer.parseInt(action.substring(8));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  /**
   * What the message is, as the query analysis read it: {@code intent} ({@code command}, {@code
   * question_to_bot}, {@code greeting}, {@code chat}), whether the bot is addressed and how ({@code
   * mention}, {@code name}, {@code reply}, {@code command}, or null), the language (ISO 639-1, or
   * {@code und}) and a sentiment score in [-1, 1].
   */
  public record Analysis(
      String intent, boolean addressed, String addressedBy, String language, double sentiment) {}

  /**
   * What the AI stage did: {@code outcome} ({@code replied}, {@code fallback}, {@code over_budget},
   * {@code blocked}, {@code failed}, {@code skipped}), the model, the fact ids the reply cited, the
   * tokens it cost (as the provider reported them, or estimated) and, when the reply was dropped,
   * why.
   */
  public record AiReply(
      String outcome,
      String model,
      List<String> citedFactIds,
      int inputTokens,
      int outputTokens,
      boolean estimated,
      String reason) {

    public AiReply {
      citedFactIds = citedFactIds == null ? List.of() : List.copyOf(citedFactIds);
    }
  }

  /** Written by the moderation stage for every chat message it judged. */
  public static final ContextKey<Moderation> MODERATION =
      ContextKey.of("moderation", Moderation.class);

  /** Written by the moderation stage (query analysis) for every chat message. */
  public static final ContextKey<Analysis> ANALYSIS = ContextKey.of("analysis", Analysis.class);

  /** Written by the AI stage for every message it considered. */
  public static final ContextKey<AiReply> AI = ContextKey.of("ai", AiReply.class);

  private ContextKeys() {}
}
