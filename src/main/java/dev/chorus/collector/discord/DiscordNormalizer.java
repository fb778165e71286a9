package dev.chorus.collector.discord;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.event.TextHygiene;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gateway {@code MESSAGE_CREATE} dispatches to {@code chat.message} envelopes, {@code
 * GUILD_MEMBER_ADD} to {@code stream.follow} ({@link #memberAdded}). The envelope id is {@code
 * Ids.forPlatformMessage("discord", community, messageId, time)}, the time being the one in the
 * message's snowflake id ({@link #snowflakeTime}).
 *
 * <p>Ignored, with a reason: other dispatches, direct messages (no guild), messages of bots
 * (Chorus's own replies among them) and webhooks, system messages (joins, pins, boosts …), and
 * messages without text (attachments only, or the MESSAGE_CONTENT intent is off).
 *
 * <p>Discord role ids go to {@code raw.memberRoles}: they mean nothing without the guild's role
 * list, so {@code author.roles} stays empty until the collector maps them.
 */
public final class DiscordNormalizer {

  /** Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds. */
  public static final long DISCORD_EPOCH = 1420070400000L;

  /** Message types that are something a person typed: DEFAULT and REPLY. */
  private static final int DEFAULT = 0;

  private static final int REPLY = 19;

  /** {@code raw.kind} of a member who joined the server. */
  public static final String MEMBER_JOIN = "member_join";

  /** Discord allows 4,000 characters with Nitro; more is not Discord. */
  static final int MAX_TEXT = 4000;

  /** What a dispatch became. */
  public sealed interface Result {}

  public record Accepted(Envelope envelope) implements Result {}

  public record Ignored(String reason) implements Result {}

  private final Function<String, String> communityOfGuild;
  private final String origin;

  /**
   * @param communityOfGuild guild id to community, null when Chorus does not serve the guild
   */
  public DiscordNormalizer(Function<String, String> communityOfGuild, String origin) {
    this.communityOfGuild = communityOfGuild;
    this.origin = origin;
  }

  /**
   * The Unix time in a snowflake: its top 42 bits are milliseconds since {@link #DISCORD_EPOCH}.
   */
  public static Instant snowflakeTime(long snowflake) {
    return Instant.ofEpochMilli((snowflake >>> 22) + DISCORD_EPOCH);
  }

  /** Never throws. */
  public Result normalize(GatewayPayload payload, Instant receivedAt) {
    if (payload.isDispatch("GUILD_MEMBER_ADD")) {
      return memberAdded(payload.d(), receivedAt);
    }
    if (!payload.isDispatch("MESSAGE_CREATE")) {
      return new Ignored("not a MESSAGE_CREATE or GUILD_MEMBER_ADD dispatch");
    }
    JsonNode d = payload.d();
    String messageId = text(d, "id");
    long snowflake = snowflake(messageId);
    String channelId = text(d, "channel_id");
    if (snowflake < 0 || channelId == null) {
      return new Ignored("message without a valid id or channel_id");
    }
    String guildId = text(d, "guild_id");
    if (guildId == null) {
      return new Ignored("direct message");
    }
    JsonNode user = d.path("author");
    String userId = text(user, "id");
    if (userId == null) {
      return new Ignored("message without author");
    }
    if (user.path("bot").asBoolean(false) || d.hasNonNull("webhook_id")) {
      return new Ignored("message of a bot or webhook");
    }
    JsonNode type = d.get("type");
    int messageType = type != null && type.isInt() ? type.intValue() : DEFAULT;
    if (messageType != DEFAULT && messageType != REPLY) {
      return new Ignored("system message of type " + messageType);
    }
    String content = text(d, "content");
    if (content == null) {
      return new Ignored("message without text (is the MESSAGE_CONTENT intent on?)");
    }
    String community = communityOfGuild.apply(guildId);
    if (community == null || community.isBlank()) {
      return new Ignored("no community for guild " + guildId);
    }
    JsonNode member = d.path("member");
    String username = TextHygiene.displayName(text(user, "username"));
    String displayName = TextHygiene.displayName(text(member, "nick"));
    if (displayName == null) {
      displayName = TextHygiene.displayName(text(user, "global_name"));
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("guildId", guildId);
    raw.put("messageId", messageId);
    List<String> roles = new ArrayList<>();
    for (JsonNode role : member.path("roles")) {
      if (role.isTextual() && roles.size() < 250) {
        roles.add(role.textValue());
      }
    }
    if (!roles.isEmpty()) {
      raw.put("memberRoles", roles);
    }
    String replyTo = text(d.path("message_reference"), "message_id");
    if (replyTo != null) {
      raw.put("replyTo", replyTo);
    }
    content = TextHygiene.cleanText(content);
    if (content.length() > MAX_TEXT) {
      content = content.substring(0, MAX_TEXT);
    }
    String id =
        Ids.forPlatformMessage(Platforms.DISCORD, community, messageId, snowflakeTime(snowflake));
    return new Accepted(
        new Envelope(
            id,
            Envelope.VERSION,
            EventType.CHAT_MESSAGE,
            community,
            Platforms.DISCORD,
            new Channel(channelId, null),
            new Author(userId, username, displayName, List.of()),
            content,
            raw,
            null,
            null,
            null,
            null,
            receivedAt,
            origin));
  }

  /**
   * {@code GUILD_MEMBER_ADD} (intent GUILD_MEMBERS) → {@code stream.follow}: someone joined the
   * community's server, as a follow is someone joining its Twitch audience (decision 144). {@code
   * raw.kind} {@value #MEMBER_JOIN}, {@code guildId}, {@code joinedAt}; channel = the guild. The id
   * comes from guild, user and {@code joined_at}, so a replayed dispatch is one event and a later
   * rejoin another.
   */
  private Result memberAdded(JsonNode d, Instant receivedAt) {
    String guildId = text(d, "guild_id");
    JsonNode user = d.path("user");
    String userId = text(user, "id");
    if (snowflake(guildId) < 0 || snowflake(userId) < 0) {
      return new Ignored("member without a valid guild_id or user id");
    }
    if (user.path("bot").asBoolean(false)) {
      return new Ignored("a bot joined");
    }
    Instant joinedAt;
    try {
      joinedAt = java.time.OffsetDateTime.parse(String.valueOf(text(d, "joined_at"))).toInstant();
    } catch (RuntimeException e) {
      return new Ignored("member without a valid joined_at");
    }
    String community = communityOfGuild.apply(guildId);
    if (community == null || community.isBlank()) {
      return new Ignored("no community for guild " + guildId);
    }
    String displayName = TextHygiene.displayName(text(d, "nick"));
    if (displayName == null) {
      displayName = TextHygiene.displayName(text(user, "global_name"));
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("kind", MEMBER_JOIN);
    raw.put("guildId", guildId);
    raw.put("joinedAt", joinedAt.toString());
    String id =
        Ids.forPlatformMessage(
            Platforms.DISCORD, community, "member:" + guildId + ":" + userId, joinedAt);
    return new Accepted(
        new Envelope(
            id,
            Envelope.VERSION,
            EventType.STREAM_FOLLOW,
            community,
            Platforms.DISCORD,
            new Channel(guildId, null),
            new Author(
                userId, TextHygiene.displayName(text(user, "username")), displayName, List.of()),
            null,
            raw,
            null,
            null,
            null,
            null,
            receivedAt,
            origin));
  }

  /** A snowflake's value, or -1 when {@code id} is not a non-negative decimal long. */
  static long snowflake(String id) {
    if (id == null || id.length() > 19) {
      return -1;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A non-blank string field, or null. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.textValue().isBlank()
        ? value.textValue()
        : null;
  }
}
