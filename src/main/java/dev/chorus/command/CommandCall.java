package dev.chorus.command;

import dev.chorus.event.Envelope;

/** One run of a command: the event, what was typed, who typed it, and the community's prefix. */
public record CommandCall(
    Envelope event, CommandInvocation invocation, Caller caller, String prefix) {

  public String community() {
    return event.community();
  }

  /** The command as the user would type it, e.g. {@code !quote}. */
  public String shown() {
    return prefix + invocation.name();
  }
}
