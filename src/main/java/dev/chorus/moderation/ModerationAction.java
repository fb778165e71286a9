package dev.chorus.moderation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a rule asks for when it matches. Kinds are ordered weakest first, and that order is how the
 * engine picks the one action of a message (the strongest wins):
 *
 * <ol>
 *   <li>{@code none} — shadow mode: the rule is reported (logs, decision's findings) but nothing
 *       happens;
 *   <li>{@code warn} — the message stays, the bot warns the author, the slip continues;
 *   <li>{@code stop} — the message stays but the slip stops: no command or AI reacts to it;
 *   <li>{@code delete} — the message is removed on the platform and the slip stops;
 *   <li>{@code timeout} — removed, and the author is timed out for {@code seconds}.
 * </ol>
 *
 * <p>JSON form: a string, {@code "none"}, {@code "warn"}, {@code "stop"}, {@code "delete"} or
 * {@code "timeout:600"} (seconds), because settings are edited by hand and this reads as it acts.
 */
public record ModerationAction(Kind kind, int seconds) implements Comparable<ModerationAction> {

  /** The kinds, weakest first. */
  public enum Kind {
    NONE,
    WARN,
    STOP,
    DELETE,
    TIMEOUT;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Twitch's longest timeout; longer would be a ban, which moderation never does on its own. */
  public static final int MAX_TIMEOUT_SECONDS = 1_209_600;

  public static final ModerationAction NONE = new ModerationAction(Kind.NONE, 0);
  public static final ModerationAction WARN = new ModerationAction(Kind.WARN, 0);
  public static final ModerationAction STOP = new ModerationAction(Kind.STOP, 0);
  public static final ModerationAction DELETE = new ModerationAction(Kind.DELETE, 0);

  public ModerationAction {
    if (kind == null) {
      throw new IllegalArgumentException("action kind is required");
    }
    if (kind == Kind.TIMEOUT) {
      if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
        throw new IllegalArgumentException(
            "timeout seconds must be 1.." + MAX_TIMEOUT_SECONDS + ", got " + seconds);
      }
    } else if (seconds != 0) {
      throw new IllegalArgumentException(kind.wire() + " takes no seconds");
    }
  }

  public static ModerationAction timeout(int seconds) {
    return new ModerationAction(Kind.TIMEOUT, seconds);
  }

  /** True when the message is removed from the platform (delete or timeout). */
  public boolean removesMessage() {
    return kind == Kind.DELETE || kind == Kind.TIMEOUT;
  }

  /** True when the routing slip should not continue past moderation. */
  public boolean stopsSlip() {
    return kind.compareTo(Kind.STOP) >= 0;
  }

  /** Stronger kind first; between two timeouts the longer one is stronger. */
  @Override
  public int compareTo(ModerationAction other) {
    int byKind = kind.compareTo(other.kind);
    return byKind != 0 ? byKind : Integer.compare(seconds, other.seconds);
  }

  @JsonValue
  public String wire() {
    return kind == Kind.TIMEOUT ? "timeout:" + seconds : kind.wire();
  }

  @JsonCreator
  public static ModerationAction parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("action is required");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("timeout")) {
      String rest = t.substring("timeout".length());
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException("timeout needs seconds, as timeout:600; got " + text);
      }
      try {
        return timeout(Integer.parseInt(rest.substring(1).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("timeout seconds must be a number; got " + text, e);
      }
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.TIMEOUT && kind.wire().equals(t)) {
        return new ModerationAction(kind, 0);
      }
    }
    throw new IllegalArgumentException(
        "action must be none, warn, stop, delete or timeout:SECONDS; got " + text);
  }

  @Override
  public String toString() {
    return wire();
  }
}
