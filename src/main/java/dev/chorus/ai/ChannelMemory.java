package dev.chorus.ai;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last messages of each channel, for the prompt: at most {@code perChannel} per channel and at
 * most {@code maxChannels} channels (least recently used forgotten), each text cut to {@link
 * #MAX_TEXT} characters. Messages a moderation stage stopped never get here. Per instance, in
 * memory: with several AI instances each remembers the messages it saw.
 */
final class ChannelMemory {

  static final int MAX_TEXT = 300;

  /** One remembered line. */
  record Line(String name, String text) {}

  private final int perChannel;
  private final Map<String, ArrayDeque<Line>> channels;

  ChannelMemory(int maxChannels, int perChannel) {
    this.perChannel = perChannel;
    this.channels =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Line>> eldest) {
            return size() > maxChannels;
          }
        };
  }

  synchronized void add(String channel, String name, String text) {
    if (perChannel == 0 || text == null || text.isBlank()) {
      return;
    }
    ArrayDeque<Line> lines = channels.computeIfAbsent(channel, k -> new ArrayDeque<>());
    lines.addLast(new Line(name, text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text));
    while (lines.size() > perChannel) {
      lines.removeFirst();
    }
  }

  /** Oldest first. */
  synchronized List<Line> recent(String channel) {
    ArrayDeque<Line> lines = channels.get(channel);
    return lines == null ? List.of() : List.copyOf(lines);
  }
}
