package dev.chorus.command;

import dev.chorus.event.Envelope;

/** Where a shadow command's would-be reply goes instead of the chat. */
@FunctionalInterface
public interface ShadowLog {

  /** Records that {@code command} would have said {@code text} in answer to {@code event}. */
  void record(Envelope event, String command, String text);
}
