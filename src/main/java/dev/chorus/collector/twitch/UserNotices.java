package dev.chorus.collector.twitch;

import dev.chorus.collector.twitch.irc.IrcMessage;
import dev.chorus.event.Author;
import dev.chorus.event.EventType;
import dev.chorus.event.TextHygiene;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code USERNOTICE} lines by {@code msg-id}: sub, resub, subgift and submysterygift become {@code
 * stream.subscription}, raid becomes {@code stream.raid}; the details go to {@code raw} under the
 * same names the EventSub collector uses ({@code kind}, {@code tier}, {@code months}, {@code
 * recipient}, {@code count}, {@code viewers}). Other notices (announcements, rituals, bits badge
 * tiers …) are ignored.
 */
final class UserNotices {

  private UserNotices() {}

  static TwitchIrcNormalizer.Result normalize(
      TwitchIrcNormalizer normalizer, IrcMessage m, Instant receivedAt) {
    String kind = m.tag("msg-id");
    if (kind == null) {
      return new TwitchIrcNormalizer.Ignored("USERNOTICE without msg-id");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("kind", kind);
    String type = EventType.STREAM_SUBSCRIPTION;
    switch (kind) {
      case "sub", "resub" -> {
        tier(raw, m);
        TwitchIrcNormalizer.put(raw, "months", number(m, "msg-param-cumulative-months"));
        if ("1".equals(m.tag("msg-param-should-share-streak"))) {
          TwitchIrcNormalizer.put(raw, "streakMonths", number(m, "msg-param-streak-months"));
        }
        TwitchIrcNormalizer.put(raw, "durationMonths", number(m, "msg-param-multimonth-duration"));
      }
      case "subgift" -> {
        tier(raw, m);
        Map<String, Object> recipient = new LinkedHashMap<>();
        TwitchIrcNormalizer.put(recipient, "id", m.tag("msg-param-recipient-id"));
        TwitchIrcNormalizer.put(recipient, "login", m.tag("msg-param-recipient-user-name"));
        TwitchIrcNormalizer.put(
            recipient,
            "displayName",
            TextHygiene.displayName(m.tag("msg-param-recipient-display-name")));
        raw.put("recipient", recipient);
        TwitchIrcNormalizer.put(raw, "months", number(m, "msg-param-months"));
        TwitchIrcNormalizer.put(raw, "giftMonths", number(m, "msg-param-gift-months"));
        TwitchIrcNormalizer.put(raw, "originId", m.tag("msg-param-origin-id"));
      }
      case "submysterygift" -> {
        tier(raw, m);
        TwitchIrcNormalizer.put(raw, "count", number(m, "msg-param-mass-gift-count"));
        TwitchIrcNormalizer.put(raw, "senderTotal", number(m, "msg-param-sender-count"));
        TwitchIrcNormalizer.put(raw, "originId", m.tag("msg-param-origin-id"));
      }
      case "raid" -> {
        type = EventType.STREAM_RAID;
        TwitchIrcNormalizer.put(raw, "viewers", number(m, "msg-param-viewerCount"));
      }
      default -> {
        return new TwitchIrcNormalizer.Ignored("USERNOTICE " + kind);
      }
    }
    TwitchIrcNormalizer.put(raw, "systemMessage", m.tag("system-msg"));
    String login = m.tag("login");
    Author author = TwitchIrcNormalizer.author(m, login);
    if (author == null || isAnonymousGifter(login)) {
      raw.put("anonymous", true);
      author = null;
    }
    return normalizer.envelope(type, m, author, m.trailing(), raw, receivedAt);
  }

  /** Twitch's stand-in account for gifts whose giver stays anonymous. */
  private static boolean isAnonymousGifter(String login) {
    return "ananonymousgifter".equals(login);
  }

  private static void tier(Map<String, Object> raw, IrcMessage m) {
    // "Prime", "1000", "2000" or "3000", as EventSub's tier (which has no Prime).
    TwitchIrcNormalizer.put(raw, "tier", m.tag("msg-param-sub-plan"));
  }

  private static Integer number(IrcMessage m, String tag) {
    return TwitchIrcNormalizer.integer(m.tag(tag));
  }
}
