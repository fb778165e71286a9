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

  private ContextKeys() {}
}
