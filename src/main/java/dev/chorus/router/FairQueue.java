package dev.chorus.router;

import dev.chorus.event.Envelope;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The router's waiting room: one FIFO queue per community, served round-robin, so a community that
 * floods waits behind its own events and not in front of everyone else's. Bounded in total; when
 * full, an event of a community with fewer waiting takes the place of the newest event of the
 * community with the most, so a flood sheds its own events, not another community's. Not
 * thread-safe (one event loop).
 */
final class FairQueue {

  private final Map<String, ArrayDeque<Envelope>> byCommunity = new HashMap<>();

  /** Communities with something waiting, in serving order. */
  private final ArrayDeque<String> turn = new ArrayDeque<>();

  private final int maxTotal;
  private int size;

  FairQueue(int maxTotal) {
    this.maxTotal = maxTotal;
  }

  /**
   * Queues the envelope. Returns the envelope that does not fit — this one, or the newest of the
   * largest community's when that one holds more — or {@code null} when everything fits.
   */
  Envelope offer(Envelope envelope) {
    Envelope shed = null;
    if (size >= maxTotal) {
      String largest = largest();
      ArrayDeque<Envelope> own = byCommunity.get(envelope.community());
      int ownSize = own == null ? 0 : own.size();
      if (largest == null
          || largest.equals(envelope.community())
          || byCommunity.get(largest).size() <= ownSize + 1) {
        return envelope;
      }
      ArrayDeque<Envelope> biggest = byCommunity.get(largest);
      shed = biggest.pollLast();
      size--;
      if (biggest.isEmpty()) {
        byCommunity.remove(largest);
        turn.remove(largest);
      }
    }
    ArrayDeque<Envelope> queue = byCommunity.get(envelope.community());
    if (queue == null) {
      queue = new ArrayDeque<>();
      byCommunity.put(envelope.community(), queue);
      turn.add(envelope.community());
    }
    queue.add(envelope);
    size++;
    return shed;
  }

  private String largest() {
    String largest = null;
    int most = -1;
    for (Map.Entry<String, ArrayDeque<Envelope>> e : byCommunity.entrySet()) {
      if (e.getValue().size() > most) {
        most = e.getValue().size();
        largest = e.getKey();
      }
    }
    return largest;
  }

  /** The next envelope, taking communities in turn; null when empty. */
  Envelope poll() {
    String community = turn.poll();
    if (community == null) {
      return null;
    }
    ArrayDeque<Envelope> queue = byCommunity.get(community);
    Envelope next = queue.poll();
    size--;
    if (queue.isEmpty()) {
      byCommunity.remove(community);
    } else {
      turn.add(community);
    }
    return next;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
