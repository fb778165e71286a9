package dev.chorus.moderation.history;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The histories of the channels one moderation instance sees, bounded in number too: beyond {@code
 * maxChannels} the least recently used channel's history is dropped (it only ever holds a few
 * minutes of chat, so forgetting it costs at most a missed repetition). Thread-safe.
 */
public final class ChannelHistories {

  private final int perChannel;
  private final Duration maxAge;
  private final Map<String, BoundedChannelHistory> channels;

  public ChannelHistories(int maxChannels, int perChannel, Duration maxAge) {
    if (maxChannels < 1) {
      throw new IllegalArgumentException("maxChannels must be at least 1, got " + maxChannels);
    }
    this.perChannel = perChannel;
    this.maxAge = maxAge;
    this.channels =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, BoundedChannelHistory> eldest) {
            return size() > maxChannels;
          }
        };
    new BoundedChannelHistory(perChannel, maxAge); // validates the per-channel bounds up front
  }

  /** The history of one channel of one community, created empty on first use. */
  public synchronized BoundedChannelHistory channel(String community, String channel) {
    return channels.computeIfAbsent(
        community + '\u0000' + channel, k -> new BoundedChannelHistory(perChannel, maxAge));
  }

  public synchronized int size() {
    return channels.size();
  }
}
