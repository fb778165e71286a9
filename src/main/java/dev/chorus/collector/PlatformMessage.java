package dev.chorus.collector;

import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the envelope of something a platform said or did, with the deterministic id of {@link
 * Ids#forPlatformMessage}: every collector instance, every reconnect and every replay of the same
 * platform message builds the same id, so the interaction log stores it once and the router
 * processes it once. A platform collector builds its envelopes here and never uses a random id.
 *
 * <pre>{@code
 * Envelope e =
 *     PlatformMessage.of(Platforms.TWITCH, community, tags.get("id"), sentAt)
 *         .channel(new Channel(roomId, "#" + login))
 *         .author(new Author(userId, login, displayName, badges))
 *         .text(text)
 *         .receivedAt(Instant.now())
 *         .envelope();
 * }</pre>
 *
 * <p>The origin is left empty: {@link IngestClient#ingest} stamps it.
 */
public final class PlatformMessage {

  private final String platform;
  private final String community;
  private final String platformMessageId;
  private final Instant platformTime;
  private String type = EventType.CHAT_MESSAGE;
  private Channel channel;
  private Author author;
  private String text;
  private Map<String, Object> raw;
  private Instant receivedAt;

  private PlatformMessage(
      String platform, String community, String platformMessageId, Instant platformTime) {
    this.platform = platform;
    this.community = community;
    this.platformMessageId = platformMessageId;
    this.platformTime = platformTime;
  }

  /**
   * A message identified by the platform.
   *
   * @param platformMessageId the platform's own id (Twitch {@code id} tag, Discord snowflake, Slack
   *     {@code event_id}); never one the collector made up
   * @param platformTime the platform's timestamp of the message, not the time it was received
   */
  public static PlatformMessage of(
      String platform, String community, String platformMessageId, Instant platformTime) {
    return new PlatformMessage(platform, community, platformMessageId, platformTime);
  }

  /** The event type; {@code chat.message} unless set. */
  public PlatformMessage type(String eventType) {
    this.type = eventType;
    return this;
  }

  public PlatformMessage channel(Channel where) {
    this.channel = where;
    return this;
  }

  /** Who sent it; may stay unset for events without an author. */
  public PlatformMessage author(Author who) {
    this.author = who;
    return this;
  }

  public PlatformMessage text(String what) {
    this.text = what;
    return this;
  }

  /** The platform payload, when it is kept for audit. */
  public PlatformMessage raw(Map<String, Object> payload) {
    this.raw = payload;
    return this;
  }

  /** When this collector received it; the current time unless set. */
  public PlatformMessage receivedAt(Instant when) {
    this.receivedAt = when;
    return this;
  }

  /**
   * The id this message has everywhere.
   *
   * @throws IllegalArgumentException when platform, community, message id or time is missing
   */
  public String id() {
    return Ids.forPlatformMessage(platform, community, platformMessageId, platformTime);
  }

  /**
   * The envelope, ready for {@link IngestClient#ingest}.
   *
   * @throws IllegalArgumentException when a required field is missing (the message names it)
   */
  public Envelope envelope() {
    if (!EventType.isKnown(type)) {
      throw new IllegalArgumentException("unknown event type " + type);
    }
    return new Envelope(
        id(),
        Envelope.VERSION,
        type,
        community,
        platform,
        channel,
        author,
        text,
        raw,
        null,
        null,
        null,
        null,
        Objects.requireNonNullElseGet(receivedAt, Instant::now),
        null);
  }
}
