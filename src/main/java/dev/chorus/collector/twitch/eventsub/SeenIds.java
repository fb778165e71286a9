package dev.chorus.collector.twitch.eventsub;

import java.time.Duration;
import java.time.Instant;

/**
 * The webhook message ids seen recently, so that a redelivered message is answered but not ingested
 * twice. Bounded and expiring: an id only has to be remembered as long as the platform's replay
 * window, after which the timestamp check refuses the message anyway. An interface so that a
 * cluster can back it with the shared state store; {@link InMemorySeenIds} serves one process.
 */
public interface SeenIds {

  /**
   * Records {@code id} as seen at {@code now} for {@code ttl}; true when it was not already seen
   * (the caller goes on), false when it was (a replay).
   */
  boolean firstSeen(String id, Instant now, Duration ttl);

  /**
   * Forgets {@code id}: the caller could not accept the message (its journal failed), so the
   * platform's retry must not be taken for a replay.
   */
  void forget(String id);
}
