package dev.chorus.collector.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Platforms;
import dev.chorus.event.TextHygiene;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Normalization of a {@code /ws/chat} client frame into an {@link Envelope}: a pure function from
 * the frame's text to either an envelope or an error with a stable code.
 *
 * <pre>
 * {"type":"chat.message","community":"demo","channel":"demo","user":{"id":"u1","name":"alice"},"text":"!ping"}
 * </pre>
 */
public final class ChatFrame {

  /** Error codes of {@code {"type":"error"}} frames. */
  public static final String FRAME_TOO_LARGE = "frame_too_large";

  public static final String INVALID_JSON = "invalid_json";
  public static final String MISSING_FIELD = "missing_field";
  public static final String INVALID_FIELD = "invalid_field";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String TEXT_TOO_LONG = "text_too_long";

  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_ID = 128;
  private static final int MAX_NAME = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The result of parsing: exactly one of {@code envelope} and {@code code} is set. */
  public record Parsed(Envelope envelope, String code, String message, String clientId) {
    static Parsed error(String code, String message, String clientId) {
      return new Parsed(null, code, message, clientId);
    }

    public boolean ok() {
      return envelope != null;
    }
  }

  private ChatFrame() {}

  /**
   * Parses one text frame.
   *
   * @param origin the gateway instance accepting it (replies come back there)
   */
  public static Parsed parse(
      String frame, int maxFrameBytes, int maxTextLength, Instant now, String origin) {
    if (frame.length() > maxFrameBytes || utf8Length(frame) > maxFrameBytes) {
      return Parsed.error(
          FRAME_TOO_LARGE, "frame is larger than " + maxFrameBytes + " bytes", null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(frame);
    } catch (JsonProcessingException e) {
      return Parsed.error(INVALID_JSON, "frame is not valid JSON: " + e.getOriginalMessage(), null);
    }
    if (root == null || !root.isObject()) {
      return Parsed.error(INVALID_JSON, "frame must be a JSON object", null);
    }
    String clientId = null;
    JsonNode idNode = root.get("id");
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.isTextual() || !isUuid(idNode.asText())) {
        return Parsed.error(INVALID_FIELD, "id must be a UUID string", null);
      }
      clientId = idNode.asText().toLowerCase(java.util.Locale.ROOT);
    }
    String type = text(root, "type");
    if (type == null) {
      return Parsed.error(MISSING_FIELD, "type is required", clientId);
    }
    if (!EventType.CHAT_MESSAGE.equals(type)) {
      return Parsed.error(
          UNKNOWN_TYPE,
          "type '" + truncate(type) + "' is not accepted here; send chat.message",
          clientId);
    }
    String community = text(root, "community");
    if (community == null) {
      return Parsed.error(MISSING_FIELD, "community is required", clientId);
    }
    if (!COMMUNITY.matcher(community).matches()) {
      return Parsed.error(
          INVALID_FIELD, "community must be 1-64 lower-case letters, digits, - or _", clientId);
    }
    String channel = TextHygiene.nfc(text(root, "channel"));
    if (channel == null) {
      return Parsed.error(MISSING_FIELD, "channel is required", clientId);
    }
    if (channel.length() > MAX_ID) {
      return Parsed.error(
          INVALID_FIELD, "channel is longer than " + MAX_ID + " characters", clientId);
    }
    JsonNode user = root.get("user");
    if (user == null || user.isNull()) {
      return Parsed.error(MISSING_FIELD, "user is required", clientId);
    }
    String userId = user.isObject() ? TextHygiene.nfc(text(user, "id")) : null;
    if (userId == null) {
      return Parsed.error(MISSING_FIELD, "user.id is required", clientId);
    }
    String userName = TextHygiene.nfc(text(user, "name"));
    JsonNode nameNode = user.get("name");
    if (userName == null
        && nameNode != null
        && nameNode.isTextual()
        && !nameNode.asText().isEmpty()) {
      return Parsed.error(INVALID_FIELD, "user.name must contain a visible character", clientId);
    }
    if (userId.length() > MAX_ID || (userName != null && userName.length() > MAX_NAME)) {
      return Parsed.error(INVALID_FIELD, "user.id or user.name is too long", clientId);
    }
    JsonNode textNode = root.get("text");
    if (textNode == null || textNode.isNull()) {
      return Parsed.error(MISSING_FIELD, "text is required", clientId);
    }
    if (!textNode.isTextual() || textNode.asText().isBlank()) {
      return Parsed.error(INVALID_FIELD, "text must be a non-empty string", clientId);
    }
    String text = TextHygiene.nfc(textNode.asText());
    if (hasControl(text) || hasControl(userId) || hasControl(userName) || hasControl(channel)) {
      // NUL and other control characters: PostgreSQL refuses NUL in text, and none belongs in chat.
      return Parsed.error(
          INVALID_FIELD, "text, user and channel must not contain control characters", clientId);
    }
    // Invisible or mirrored ids and names are refused, naming the field (decision 080).
    String problem = TextHygiene.nameProblem(channel, "channel");
    problem = problem != null ? problem : TextHygiene.nameProblem(userId, "user.id");
    problem = problem != null ? problem : TextHygiene.nameProblem(userName, "user.name");
    if (problem != null) {
      return Parsed.error(INVALID_FIELD, problem, clientId);
    }
    if (!TextHygiene.hasVisible(text)) {
      return Parsed.error(INVALID_FIELD, "text must contain a visible character", clientId);
    }
    if (text.codePointCount(0, text.length()) > maxTextLength) {
      return Parsed.error(
          TEXT_TOO_LONG, "text is longer than " + maxTextLength + " characters", clientId);
    }
    Envelope envelope =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            community,
            Platforms.WEB,
            new Channel(channel, channel),
            new Author(userId, userName, userName, List.of()),
            text,
            now,
            origin);
    // The event id is the server's (its time is the receive time); the client's id travels as the
    // idempotency key (WebChatGateway).
    return new Parsed(envelope, null, null, clientId);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  /** Control characters other than tab, line feed and carriage return (C0, DEL, C1). */
  static boolean hasControl(String s) {
    return TextHygiene.hasControl(s);
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    try {
      UUID.fromString(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String truncate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
