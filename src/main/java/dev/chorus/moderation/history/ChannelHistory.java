package dev.chorus.moderation.history;

import java.util.List;

/**
 * The engine's read-only view of a channel's recent messages, for the repetition and copy-pasta
 * rules. The engine never writes to it: the stage owns the history, records each message after
 * moderating it, and keeps it bounded ({@link BoundedChannelHistory}).
 */
public interface ChannelHistory {

  /** Recent messages, oldest first. Implementations return at most their bound. */
  List<RecentMessage> recent();

  /** A history with nothing in it (a new channel, or a process that keeps none). */
  ChannelHistory EMPTY = List::of;
}
