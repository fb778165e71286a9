package dev.chorus.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reply on its way to the collector instance that accepted the event it answers: what the
 * egress stage sends to {@code chorus.egress.<platform>.<origin>} and what a collector's reply
 * inbox hands to the platform.
 *
 * <p>On the event bus it travels as a JSON object (so a module in another language can read it
 * through the bridge): {@code {id, inReplyTo, platform, channel, text}}, {@code inReplyTo} omitted
 * when the reply answers no event. {@link #toJson()} and {@link #fromJson(Map)} are the only code
 * that spells these field names. They work on plain maps because this package stays free of Vert.x
 * beyond the codec interface (decision 002); wrap the map in a {@code JsonObject} to send it.
 *
 * @param id the reply's own id (the idempotency key of its log row)
 * @param inReplyTo the event it answers, or {@code null}
 * @param platform where it is said
 * @param channel the channel or room id on that platform
 * @param text what is said
 */
public record Delivery(String id, String inReplyTo, String platform, String channel, String text) {

  public Delivery {
    Checks.notBlank(id, "delivery.id");
    Checks.notBlank(platform, "delivery.platform");
    Checks.notBlank(channel, "delivery.channel");
    Checks.notBlank(text, "delivery.text");
    inReplyTo = inReplyTo == null || inReplyTo.isBlank() ? null : inReplyTo;
  }

  /** The delivery of a reaction stage's reply. */
  public static Delivery of(Reply reply) {
    return new Delivery(
        reply.id(), reply.inReplyTo(), reply.platform(), reply.channel(), reply.text());
  }

  /** The JSON object form, as a mutable map in field order. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    if (inReplyTo != null) {
      json.put("inReplyTo", inReplyTo);
    }
    json.put("platform", platform);
    json.put("channel", channel);
    json.put("text", text);
    return json;
  }

  /**
   * Reads the JSON object form. Unknown fields are ignored, as for the envelope.
   *
   * @throws IllegalArgumentException when a field is missing, blank or not a string (the message
   *     names it)
   */
  public static Delivery fromJson(Map<String, ?> json) {
    if (json == null) {
      throw new IllegalArgumentException("delivery is required");
    }
    return new Delivery(
        string(json, "id"),
        string(json, "inReplyTo"),
        string(json, "platform"),
        string(json, "channel"),
        string(json, "text"));
  }

  private static String string(Map<String, ?> json, String field) {
    Object value = json.get(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException("delivery." + field + " must be a string");
  }
}
