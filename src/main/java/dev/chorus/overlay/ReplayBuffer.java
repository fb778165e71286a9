package dev.chorus.overlay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last frames of one community, oldest first, in sequence order: what a reconnecting overlay
 * gets with {@code ?since=<seq>}. Bounded by a count; the oldest frame goes when a new one comes.
 * Not thread-safe: one per community per feed, used on the feed's event loop.
 */
final class ReplayBuffer {

  /** One encoded frame and its number. */
  record Entry(long seq, String json) {}

  /** What {@link #since} found: the frames after the given number, and whether some are gone. */
  record Replay(List<Entry> frames, boolean gap) {}

  private final int capacity;
  private final ArrayDeque<Entry> entries;

  ReplayBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Adds a frame whose number is higher than every held one's (the feed delivers in order). */
  void add(long seq, String json) {
    if (!entries.isEmpty() && seq <= entries.peekLast().seq()) {
      throw new IllegalArgumentException("frame " + seq + " is not after " + last());
    }
    if (entries.size() == capacity) {
      entries.pollFirst();
    }
    entries.addLast(new Entry(seq, json));
  }

  /** The highest number held, or 0 when empty. */
  long last() {
    return entries.isEmpty() ? 0 : entries.peekLast().seq();
  }

  int size() {
    return entries.size();
  }

  /**
   * The frames numbered above {@code since}. {@code gap} is true when frames between {@code since}
   * and the oldest held one have already left the buffer (or were never seen by this node).
   */
  Replay since(long since) {
    if (entries.isEmpty() || since >= last()) {
      return new Replay(List.of(), false);
    }
    boolean gap = entries.peekFirst().seq() > since + 1;
    List<Entry> out = new ArrayList<>();
    Iterator<Entry> newestFirst = entries.descendingIterator();
    while (newestFirst.hasNext()) {
      Entry e = newestFirst.next();
      if (e.seq() <= since) {
        break;
      }
      out.add(e);
    }
    java.util.Collections.reverse(out);
    return new Replay(out, gap);
  }
}
