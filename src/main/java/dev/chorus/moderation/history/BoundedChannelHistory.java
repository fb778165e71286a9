package dev.chorus.moderation.history;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel's recent messages, bounded two ways: at most {@code capacity} messages (the oldest is
 * dropped first) and none older than {@code maxAge} relative to the newest. A busy channel thus
 * costs at most {@code capacity} fingerprints however fast it chats. Thread-safe; the rules only
 * look back a minute or so, so a capacity of a few hundred covers even fast chats.
 */
public final class BoundedChannelHistory implements ChannelHistory {

  public static final int DEFAULT_CAPACITY = 200;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  private final int capacity;
  private final Duration maxAge;
  private final ArrayDeque<RecentMessage> messages;

  public BoundedChannelHistory(int capacity, Duration maxAge) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
    this.capacity = capacity;
    this.maxAge = maxAge;
    this.messages = new ArrayDeque<>(Math.min(capacity, 64));
  }

  public BoundedChannelHistory() {
    this(DEFAULT_CAPACITY, DEFAULT_MAX_AGE);
  }

  /** Records a message, dropping the oldest beyond the capacity and those beyond the age. */
  public synchronized void add(RecentMessage message) {
    messages.addLast(message);
    while (messages.size() > capacity) {
      messages.removeFirst();
    }
    var cutoff = message.at().minus(maxAge);
    while (!messages.isEmpty() && messages.peekFirst().at().isBefore(cutoff)) {
      messages.removeFirst();
    }
  }

  @Override
  public synchronized List<RecentMessage> recent() {
    return new ArrayList<>(messages);
  }

  public synchronized int size() {
    return messages.size();
  }

  public int capacity() {
    return capacity;
  }
}
