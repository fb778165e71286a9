package dev.chorus.event;

import java.util.List;

/**
 * The context entries stages share, each with the type of its value. A stage writes an entry with
 * {@link Envelope#with(ContextKey, Object)} and a later stage reads it with {@link
 * Envelope#get(ContextKey)}; both spell the entry through the constant here, so what is read is
 * what was written, on a local hop or across the cluster. {@code docs/events.md} lists them.
 */
public final class ContextKeys {

  /** Who sent the event, as the identity stage resolved them. */
  public record Speaker(String personId, String displayName) {}

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

  /** Written by the command stage for every message that starts with the prefix. */
  public static final ContextKey<Command> COMMAND = ContextKey.of("command", Command.class);

  /** Written by {@link Envelope#stop(String, String)}. */
  public static final ContextKey<Stopped> STOPPED = ContextKey.of("stopped", Stopped.class);

  private ContextKeys() {}
}
