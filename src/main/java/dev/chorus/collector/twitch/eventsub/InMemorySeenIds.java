package dev.chorus.collector.twitch.eventsub;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link SeenIds} for one process: insertion-ordered, expired ids dropped from the oldest end on
 * every call, and the oldest dropped first when {@code capacity} is reached. Past capacity a very
 * old replay may pass as new; the envelope id derived from the platform's message id still makes
 * the interaction log store it once.
 */
public final class InMemorySeenIds implements SeenIds {

  private final int capacity;
  private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();

  public InMemorySeenIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized boolean firstSeen(String id, Instant now, Duration ttl) {
    long nowMillis = now.toEpochMilli();
    evictExpired(nowMillis);
    Long expiry = expiries.get(id);
    if (expiry != null) {
      return false;
    }
    if (expiries.size() >= capacity) {
      Iterator<String> oldest = expiries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    expiries.put(id, nowMillis + ttl.toMillis());
    return true;
  }

  @Override
  public synchronized void forget(String id) {
    expiries.remove(id);
  }

  public synchronized int size() {
    return expiries.size();
  }

  /**
   * Drops expired ids from the oldest end. Ids expire in insertion order when every caller passes
   * the same ttl; an entry with a longer ttl only delays the eviction of those behind it.
   */
  private void evictExpired(long nowMillis) {
    Iterator<Map.Entry<String, Long>> it = expiries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() > nowMillis) {
        return;
      }
      it.remove();
    }
  }
}
