package dev.chorus.collector.twitch.eventsub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.collector.twitch.TwitchChannels;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.event.TextHygiene;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EventSub webhook bodies (already verified) to outcomes. Notifications map as follows; details go
 * to {@code raw} with the names the IRC collector uses, and the event itself under {@code event}:
 *
 * <table>
 *   <tr><th>subscription type</th><th>event type</th><th>raw</th></tr>
 *   <tr><td>channel.follow (v2)</td><td>stream.follow</td><td></td></tr>
 *   <tr><td>channel.subscribe</td><td>stream.subscription</td><td>kind sub, tier, gift</td></tr>
 *   <tr><td>channel.subscription.gift</td><td>stream.subscription</td>
 *       <td>kind submysterygift, tier, count, senderTotal, anonymous</td></tr>
 *   <tr><td>channel.subscription.message</td><td>stream.subscription</td>
 *       <td>kind resub, tier, months, streakMonths, durationMonths</td></tr>
 *   <tr><td>channel.raid</td><td>stream.raid</td><td>viewers, direction</td></tr>
 *   <tr><td>channel.cheer</td><td>stream.cheer</td><td>bits, anonymous</td></tr>
 *   <tr><td>channel.channel_points_custom_reward_redemption.add</td><td>reward.redemption</td>
 *       <td>reward, redemptionId, status</td></tr>
 *   <tr><td>stream.online</td><td>stream.online</td><td>startedAt, streamType</td></tr>
 *   <tr><td>stream.offline</td><td>stream.offline</td><td></td></tr>
 * </table>
 *
 * <p>The envelope id is {@code Ids.forPlatformMessage("twitch", community, messageId, time)}, the
 * time being the event's own ({@code followed_at}, {@code redeemed_at}) when it has one and the
 * message timestamp otherwise.
 */
public final class EventSubNormalizer {

  /** EventSub bodies are small; anything larger is not Twitch. */
  public static final int MAX_BODY = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TwitchChannels channels;
  private final String origin;

  public EventSubNormalizer(TwitchChannels channels, String origin) {
    this.channels = channels;
    this.origin = origin;
  }

  /**
   * One verified request. Never throws.
   *
   * @param messageType the {@code Twitch-Eventsub-Message-Type} header
   * @param sentAt the message timestamp (verified)
   */
  public EventSubOutcome normalize(
      String messageId, String messageType, Instant sentAt, byte[] body, Instant receivedAt) {
    if (body == null || body.length > MAX_BODY) {
      return new EventSubOutcome.Malformed("body missing or larger than " + MAX_BODY + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new EventSubOutcome.Malformed("body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return new EventSubOutcome.Malformed("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return new EventSubOutcome.Malformed("body is not a JSON object");
    }
    JsonNode subscription = root.path("subscription");
    String subscriptionType = Json.text(subscription, "type");
    if (messageType == null) {
      return new EventSubOutcome.Malformed("no message type");
    }
    switch (messageType) {
      case "webhook_callback_verification" -> {
        String challenge = Json.text(root, "challenge");
        return challenge == null
            ? new EventSubOutcome.Malformed("verification without challenge")
            : new EventSubOutcome.Challenge(challenge);
      }
      case "revocation" -> {
        return new EventSubOutcome.Revoked(
            Json.text(subscription, "id"), subscriptionType, Json.text(subscription, "status"));
      }
      case "notification" -> {
        JsonNode event = root.path("event");
        if (subscriptionType == null || !event.isObject()) {
          return new EventSubOutcome.Malformed("notification without subscription type or event");
        }
        return notification(subscriptionType, event, messageId, sentAt, receivedAt);
      }
      default -> {
        return new EventSubOutcome.Ignored("message type " + messageType);
      }
    }
  }

  private EventSubOutcome notification(
      String subscriptionType, JsonNode e, String messageId, Instant sentAt, Instant receivedAt) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("subscriptionType", subscriptionType);
    String type;
    String text = null;
    Instant time = sentAt;
    String broadcaster = "broadcaster_user";
    Author author = Json.author(e, "user");
    switch (subscriptionType) {
      case "channel.follow" -> {
        type = EventType.STREAM_FOLLOW;
        time = Json.instant(e, "followed_at", sentAt);
      }
      case "channel.subscribe" -> {
        type = EventType.STREAM_SUBSCRIPTION;
        raw.put("kind", "sub");
        Json.put(raw, "tier", Json.text(e, "tier"));
        raw.put("gift", e.path("is_gift").asBoolean(false));
      }
      case "channel.subscription.gift" -> {
        type = EventType.STREAM_SUBSCRIPTION;
        raw.put("kind", "submysterygift");
        Json.put(raw, "tier", Json.text(e, "tier"));
        Json.put(raw, "count", Json.integer(e, "total"));
        Json.put(raw, "senderTotal", Json.integer(e, "cumulative_total"));
        author = anonymous(e, raw) ? null : author;
      }
      case "channel.subscription.message" -> {
        type = EventType.STREAM_SUBSCRIPTION;
        raw.put("kind", "resub");
        Json.put(raw, "tier", Json.text(e, "tier"));
        Json.put(raw, "months", Json.integer(e, "cumulative_months"));
        Json.put(raw, "streakMonths", Json.integer(e, "streak_months"));
        Json.put(raw, "durationMonths", Json.integer(e, "duration_months"));
        text = Json.text(e.path("message"), "text");
      }
      case "channel.raid" -> {
        type = EventType.STREAM_RAID;
        Json.put(raw, "viewers", Json.integer(e, "viewers"));
        author = Json.author(e, "from_broadcaster_user");
        broadcaster = "to_broadcaster_user";
        raw.put("direction", "in");
        if (community(e, broadcaster) == null && community(e, "from_broadcaster_user") != null) {
          // One of ours raided another channel: the same event, seen from the raiding side.
          broadcaster = "from_broadcaster_user";
          raw.put("direction", "out");
        }
      }
      case "channel.cheer" -> {
        type = EventType.STREAM_CHEER;
        Json.put(raw, "bits", Json.integer(e, "bits"));
        text = Json.text(e, "message");
        author = anonymous(e, raw) ? null : author;
      }
      case "channel.channel_points_custom_reward_redemption.add" -> {
        type = EventType.REWARD_REDEMPTION;
        JsonNode reward = e.path("reward");
        Map<String, Object> r = new LinkedHashMap<>();
        Json.put(r, "id", Json.text(reward, "id"));
        Json.put(r, "title", Json.text(reward, "title"));
        Json.put(r, "cost", Json.integer(reward, "cost"));
        Json.put(r, "prompt", Json.text(reward, "prompt"));
        raw.put("reward", r);
        Json.put(raw, "redemptionId", Json.text(e, "id"));
        Json.put(raw, "status", Json.text(e, "status"));
        text = Json.text(e, "user_input");
        time = Json.instant(e, "redeemed_at", sentAt);
      }
      case "stream.online" -> {
        type = EventType.STREAM_ONLINE;
        time = Json.instant(e, "started_at", sentAt);
        raw.put("startedAt", time.toString());
        Json.put(raw, "streamType", Json.text(e, "type"));
        author = null;
      }
      case "stream.offline" -> {
        type = EventType.STREAM_OFFLINE;
        author = null;
      }
      default -> {
        return new EventSubOutcome.Ignored("subscription type " + subscriptionType);
      }
    }
    String channelId = Json.text(e, broadcaster + "_id");
    String community = community(e, broadcaster);
    if (channelId == null || community == null) {
      return new EventSubOutcome.Ignored("no community for broadcaster " + channelId);
    }
    raw.put("event", JSON.convertValue(e, Map.class));
    Channel channel = new Channel(channelId, Json.text(e, broadcaster + "_login"));
    String id = Ids.forPlatformMessage(Platforms.TWITCH, community, messageId, time);
    text = TextHygiene.cleanText(text);
    return new EventSubOutcome.Notification(
        new Envelope(
            id,
            Envelope.VERSION,
            type,
            community,
            Platforms.TWITCH,
            channel,
            author,
            text,
            raw,
            null,
            null,
            null,
            null,
            receivedAt,
            origin));
  }

  private String community(JsonNode e, String broadcaster) {
    String id = Json.text(e, broadcaster + "_id");
    if (id == null) {
      return null;
    }
    String community = channels.communityOf(id, Json.text(e, broadcaster + "_login"));
    return community == null || community.isBlank() ? null : community;
  }

  private static boolean anonymous(JsonNode e, Map<String, Object> raw) {
    boolean anonymous = e.path("is_anonymous").asBoolean(false);
    if (anonymous) {
      raw.put("anonymous", true);
    }
    return anonymous;
  }
}
