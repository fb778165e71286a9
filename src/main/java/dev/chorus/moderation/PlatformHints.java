package dev.chorus.moderation;

import dev.chorus.event.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What collectors may tell moderation in an envelope's {@code raw} payload, all optional:
 *
 * <ul>
 *   <li>{@code emotes} — Twitch's {@code emotes} tag ({@code 25:0-4,12-16/1902:6-10}, code-point
 *       positions in the text), or a list of emote names;
 *   <li>{@code firstMessage} — true for the author's first message in the channel (Twitch's {@code
 *       first-msg});
 *   <li>{@code accountCreatedAt} — the author's account creation time (ISO-8601);
 *   <li>{@code replyParentUserLogin} — the login of the author this message replies to;
 *   <li>{@code messageId} — the platform's own message id (what a delete needs).
 * </ul>
 */
final class PlatformHints {

  private static final int MAX_EMOTES = 500;

  private PlatformHints() {}

  static List<String> emotes(Envelope e) {
    Object value = raw(e).get("emotes");
    String text = e.text() == null ? "" : e.text();
    if (value instanceof List<?> names) {
      List<String> out = new ArrayList<>();
      for (Object n : names) {
        if (n instanceof String s && out.size() < MAX_EMOTES) {
          out.add(s);
        }
      }
      return out;
    }
    if (!(value instanceof String tag) || tag.isBlank()) {
      return List.of();
    }
    LinkedHashSet<String> names = new LinkedHashSet<>();
    int[] codePoints = text.codePoints().toArray();
    for (String emote : tag.split("/")) {
      int colon = emote.indexOf(':');
      if (colon < 0) {
        continue;
      }
      for (String range : emote.substring(colon + 1).split(",")) {
        int dash = range.indexOf('-');
        if (dash < 0 || names.size() >= MAX_EMOTES) {
          continue;
        }
        try {
          int from = Integer.parseInt(range.substring(0, dash));
          int to = Integer.parseInt(range.substring(dash + 1));
          if (from >= 0 && to >= from && to < codePoints.length) {
            names.add(new String(codePoints, from, to - from + 1));
          }
        } catch (NumberFormatException ignored) {
          // a malformed range names no emote
        }
      }
    }
    return List.copyOf(names);
  }

  static boolean firstMessage(Envelope e) {
    return Boolean.TRUE.equals(raw(e).get("firstMessage"));
  }

  static Duration accountAge(Envelope e) {
    if (raw(e).get("accountCreatedAt") instanceof String created) {
      try {
        Duration age = Duration.between(Instant.parse(created), e.receivedAt());
        return age.isNegative() ? Duration.ZERO : age;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
    return null;
  }

  static String replyParentLogin(Envelope e) {
    return raw(e).get("replyParentUserLogin") instanceof String s ? s : null;
  }

  static String messageId(Envelope e) {
    return raw(e).get("messageId") instanceof String s ? s : null;
  }

  private static Map<String, Object> raw(Envelope e) {
    return e.raw() == null ? Map.of() : e.raw();
  }
}
