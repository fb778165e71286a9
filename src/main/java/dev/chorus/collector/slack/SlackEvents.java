package dev.chorus.collector.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.collector.twitch.eventsub.SeenIds;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.event.TextHygiene;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Slack Events API endpoint ({@code /webhooks/slack}): verify, answer {@code url_verification}
 * with its challenge, and turn {@code event_callback} message events of people into {@code
 * chat.message} envelopes. Never throws.
 *
 * <p>Slack retries a delivery it got no 2xx for within 3 seconds ({@code X-Slack-Retry-Num}) with
 * the same {@code event_id}; the seen-set answers those as duplicates. When the collector cannot
 * journal an accepted message it calls {@link SeenIds#forget} so that Slack's retry gets through.
 * The envelope id is {@code Ids.forPlatformMessage("slack", community, client_msg_id or event_id,
 * ts)}.
 *
 * <p>Ignored: events other than {@code message}, messages of bots ({@code bot_id}), and subtypes
 * that are not a person's message (edits, deletions, joins, topic changes …); a person's message
 * has no subtype, or {@code thread_broadcast}, {@code file_share} or {@code me_message}.
 */
public final class SlackEvents {

  public static final int MAX_BODY = 64 * 1024;

  /** Longer than Slack's 40,000-character message limit is not Slack. */
  static final int MAX_TEXT = 40_000;

  /** Slack retries for a few minutes (immediately, after 1 and after 5 minutes). */
  static final Duration SEEN_TTL = Duration.ofMinutes(15);

  private static final Set<String> PERSON_SUBTYPES =
      Set.of("thread_broadcast", "file_share", "me_message");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlackSignatureVerifier verifier;
  private final SeenIds seen;
  private final Function<String, String> communityOfTeam;
  private final String origin;

  /**
   * @param communityOfTeam Slack team (workspace) id to community, null when not served
   */
  public SlackEvents(
      SlackSignatureVerifier verifier,
      SeenIds seen,
      Function<String, String> communityOfTeam,
      String origin) {
    this.verifier = verifier;
    this.seen = seen;
    this.communityOfTeam = communityOfTeam;
    this.origin = origin;
  }

  /**
   * @param header case-insensitive header lookup (null when absent)
   */
  public SlackOutcome handle(Function<String, String> header, byte[] body, Instant now) {
    SlackVerification verdict =
        verifier.verify(
            header.apply(SlackSignatureVerifier.SIGNATURE),
            header.apply(SlackSignatureVerifier.TIMESTAMP),
            body,
            now);
    if (verdict != SlackVerification.OK) {
      return new SlackOutcome.Rejected(verdict);
    }
    if (body.length > MAX_BODY) {
      return new SlackOutcome.Malformed("body larger than " + MAX_BODY + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return new SlackOutcome.Malformed("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return new SlackOutcome.Malformed("body is not a JSON object");
    }
    String type = text(root, "type");
    if ("url_verification".equals(type)) {
      String challenge = text(root, "challenge");
      return challenge == null
          ? new SlackOutcome.Malformed("url_verification without challenge")
          : new SlackOutcome.Challenge(challenge);
    }
    if (!"event_callback".equals(type)) {
      return new SlackOutcome.Ignored("request type " + type);
    }
    String eventId = text(root, "event_id");
    JsonNode event = root.path("event");
    if (eventId == null || !event.isObject()) {
      return new SlackOutcome.Malformed("event_callback without event_id or event");
    }
    if (!seen.firstSeen(eventId, now, SEEN_TTL)) {
      return new SlackOutcome.Duplicate(eventId);
    }
    return message(root, event, eventId, now);
  }

  private SlackOutcome message(JsonNode root, JsonNode event, String eventId, Instant now) {
    if (!"message".equals(text(event, "type"))) {
      return new SlackOutcome.Ignored("event type " + text(event, "type"));
    }
    if (event.hasNonNull("bot_id")) {
      return new SlackOutcome.Ignored("message of a bot");
    }
    String subtype = text(event, "subtype");
    if (subtype != null && !PERSON_SUBTYPES.contains(subtype)) {
      return new SlackOutcome.Ignored("message subtype " + subtype);
    }
    String user = text(event, "user");
    String channel = text(event, "channel");
    String text = text(event, "text");
    if (user == null || channel == null || text == null) {
      return new SlackOutcome.Ignored("message without user, channel or text");
    }
    String team = text(root, "team_id");
    String community = team == null ? null : communityOfTeam.apply(team);
    if (community == null || community.isBlank()) {
      return new SlackOutcome.Ignored("no community for team " + team);
    }
    String ts = text(event, "ts");
    Instant sent = time(ts, root.path("event_time"), now);
    String clientMessageId = text(event, "client_msg_id");
    String platformId = clientMessageId != null ? clientMessageId : eventId;
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("teamId", team);
    raw.put("eventId", eventId);
    put(raw, "ts", ts);
    put(raw, "threadTs", text(event, "thread_ts"));
    put(raw, "channelType", text(event, "channel_type"));
    put(raw, "subtype", subtype);
    text = TextHygiene.cleanText(text);
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT);
    }
    String id = Ids.forPlatformMessage(Platforms.SLACK, community, platformId, sent);
    return new SlackOutcome.Message(
        new Envelope(
            id,
            Envelope.VERSION,
            EventType.CHAT_MESSAGE,
            community,
            Platforms.SLACK,
            new Channel(channel, null),
            new Author(user, null, null, null),
            text,
            raw,
            null,
            null,
            null,
            null,
            now,
            origin));
  }

  /** The message's {@code ts} ("1355517523.000005", seconds) or else {@code event_time}. */
  static Instant time(String ts, JsonNode eventTime, Instant otherwise) {
    long micros = ts == null ? -1 : micros(ts);
    if (micros > 0) {
      return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }
    if (eventTime.isIntegralNumber() && eventTime.canConvertToLong()) {
      long seconds = eventTime.longValue();
      if (seconds > 0 && seconds < 1L << 40) {
        return Instant.ofEpochSecond(seconds);
      }
    }
    return otherwise;
  }

  /**
   * Microseconds of a Slack {@code ts}: up to 12 digits, a dot, up to 6 digits; -1 otherwise.
   * Parsed by hand, because a general decimal parser accepts exponents that cost time to expand.
   */
  static long micros(String ts) {
    int dot = ts.indexOf('.');
    int secondsEnd = dot < 0 ? ts.length() : dot;
    int fractionDigits = dot < 0 ? 0 : ts.length() - dot - 1;
    if (secondsEnd == 0 || secondsEnd > 12 || fractionDigits > 6) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < ts.length(); i++) {
      if (i == dot) {
        continue;
      }
      char c = ts.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    for (int i = fractionDigits; i < 6; i++) {
      value *= 10;
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.textValue().isBlank()
        ? value.textValue()
        : null;
  }

  private static void put(Map<String, Object> raw, String key, String value) {
    if (value != null) {
      raw.put(key, value);
    }
  }
}
