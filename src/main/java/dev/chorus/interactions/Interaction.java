package dev.chorus.interactions;

import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeJson;
import dev.chorus.event.Ids;
import dev.chorus.event.Reply;
import java.time.Instant;

/**
 * One row of the interaction log: an accepted event, a reply the bot sent, a dead letter, or a
 * stage's record of what it decided about an event (a {@code system.moderation} or {@code
 * system.ai} row: kind {@link Kind#RECORD}, never counted as an event, never routed or resumed).
 *
 * @param id the event's id, the reply's id, or a new id for a dead letter; unique in the log
 * @param kind what the row records
 * @param type the event type ({@code chat.message} …), {@code bot.reply}, {@code dead.letter}, or a
 *     record's {@code system.<stage>} type
 * @param inReplyTo for replies, dead letters and records, the id of the event they belong to
 * @param at when it happened (event: received; reply: sent; dead letter: given up)
 * @param payload JSON: the envelope for events and dead letters, the reply for replies
 * @param key for events, the idempotency key scoped by its source ({@code null}: the id is the
 *     key); a second event with the key of a stored one is a duplicate whatever its id
 */
public record Interaction(
    String id,
    Kind kind,
    String type,
    String community,
    String platform,
    String channelId,
    String authorId,
    String authorName,
    String text,
    String inReplyTo,
    Instant at,
    String payload,
    String key) {

  /** A row without an idempotency key of its own (replies, dead letters, events keyed by id). */
  public Interaction(
      String id,
      Kind kind,
      String type,
      String community,
      String platform,
      String channelId,
      String authorId,
      String authorName,
      String text,
      String inReplyTo,
      Instant at,
      String payload) {
    this(
        id,
        kind,
        type,
        community,
        platform,
        channelId,
        authorId,
        authorName,
        text,
        inReplyTo,
        at,
        payload,
        null);
  }

  /** What a row records. Stored as its lower-case name. */
  public enum Kind {
    EVENT,
    REPLY,
    DEAD_LETTER,
    /** A stage's decision about an event (moderation, AI), in its own row. */
    RECORD;

    public String dbName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind fromDb(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public static final String REPLY_TYPE = "bot.reply";
  public static final String DEAD_LETTER_TYPE = "dead.letter";

  /** The row for an accepted event keyed by its id. */
  public static Interaction ofEvent(Envelope e) {
    return ofEvent(e, null);
  }

  /** The row for an accepted event with an idempotency key ({@code null}: its id). */
  public static Interaction ofEvent(Envelope e, String key) {
    return new Interaction(
        e.id(),
        Kind.EVENT,
        e.type(),
        e.community(),
        e.platform(),
        e.channel().id(),
        e.author() == null ? null : e.author().id(),
        e.author() == null ? null : e.author().displayName(),
        e.text(),
        null,
        e.receivedAt(),
        EnvelopeJson.encodeToString(e),
        key);
  }

  /**
   * The row for a stage's record about an event ({@code raw.eventId} names the event): kept with
   * the event's community, channel, author and text, but of its own kind, so it never counts as an
   * accepted event, never claims an idempotency key and never waits in the journal.
   */
  public static Interaction ofRecord(Envelope record) {
    Object eventId = record.raw() == null ? null : record.raw().get("eventId");
    return new Interaction(
        record.id(),
        Kind.RECORD,
        record.type(),
        record.community(),
        record.platform(),
        record.channel().id(),
        record.author() == null ? null : record.author().id(),
        record.author() == null ? null : record.author().displayName(),
        record.text(),
        eventId == null ? null : eventId.toString(),
        record.receivedAt(),
        EnvelopeJson.encodeToString(record));
  }

  /** The key this row claims: its own, or its id. */
  public String effectiveKey() {
    return key == null ? id : key;
  }

  /** The row for a reply to {@code event}, sent at {@code at}. */
  public static Interaction ofReply(Envelope event, Reply reply, Instant at) {
    String json;
    try {
      json = EnvelopeJson.mapper().writeValueAsString(reply);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new Interaction(
        reply.id(),
        Kind.REPLY,
        REPLY_TYPE,
        event.community(),
        reply.platform(),
        reply.channel(),
        null,
        null,
        reply.text(),
        event.id(),
        at,
        json);
  }

  /**
   * The row recording that {@code event} could not finish its slip, and why. Its id derives from
   * the event's, so an event dead-lettered twice (a resumed one) has one dead-letter row.
   */
  public static Interaction ofDeadLetter(Envelope event, String reason, Instant at) {
    return new Interaction(
        Ids.forPlatformMessage("dead-letter", event.community(), event.id(), event.receivedAt()),
        Kind.DEAD_LETTER,
        DEAD_LETTER_TYPE,
        event.community(),
        event.platform(),
        event.channel().id(),
        event.author() == null ? null : event.author().id(),
        null,
        reason,
        event.id(),
        at,
        EnvelopeJson.encodeToString(event));
  }
}
