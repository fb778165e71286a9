package dev.chorus.collector;

import dev.chorus.event.Delivery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reply answers on the platform: for each event a collector instance accepted, the
 * platform's reference to the message (Twitch message id, Discord message id, Slack thread
 * timestamp) and the channel it was said in, so that a reply to the event goes back as a reply on
 * the platform rather than as a new message.
 *
 * <p>Egress addresses each reply to the instance that accepted its event, so that instance is the
 * one that remembers. A reply is threaded only when it goes to the channel of the message it
 * answers (a direct-message reply, or one said elsewhere, is not). Bounded: the oldest of more than
 * {@code capacity} events is forgotten, and a reply to it is said as a plain message. Thread-safe.
 */
public final class ReplyThreads {

  /** Events remembered per collector instance unless told otherwise. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private record Parent(String channel, String reference) {}

  private final Map<String, Parent> byEvent;

  public ReplyThreads() {
    this(DEFAULT_CAPACITY);
  }

  public ReplyThreads(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.byEvent =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Parent> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Remembers that event {@code eventId} is the platform message {@code reference} in {@code
   * channel}. Call it before the event is ingested: its reply may come at once. Blank arguments are
   * ignored (a message without a platform id cannot be replied to).
   */
  public synchronized void remember(String eventId, String channel, String reference) {
    if (blank(eventId) || blank(channel) || blank(reference)) {
      return;
    }
    byEvent.put(eventId, new Parent(channel, reference));
  }

  /**
   * The platform reference {@code delivery} replies to, or {@code null} when it answers no event,
   * an event this instance does not remember, or goes to another channel than the event's.
   */
  public synchronized String parentOf(Delivery delivery) {
    if (delivery.inReplyTo() == null) {
      return null;
    }
    Parent parent = byEvent.get(delivery.inReplyTo());
    return parent != null && parent.channel().equals(delivery.channel())
        ? parent.reference()
        : null;
  }

  /** How many events are remembered. */
  public synchronized int size() {
    return byEvent.size();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
