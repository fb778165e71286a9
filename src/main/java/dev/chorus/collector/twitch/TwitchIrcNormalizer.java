package dev.chorus.collector.twitch;

import dev.chorus.collector.twitch.irc.IrcMessage;
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

/**
 * Twitch chat (IRC) lines to envelopes: a pure function of the parsed line, the channel directory
 * and the receive time.
 *
 * <ul>
 *   <li>{@code PRIVMSG} → {@code chat.message}, or {@code stream.cheer} when it carries {@code
 *       bits};
 *   <li>{@code USERNOTICE} sub, resub, subgift, submysterygift → {@code stream.subscription}, raid
 *       → {@code stream.raid} ({@link UserNotices});
 *   <li>{@code CLEARCHAT} → {@value #MODERATION_CLEAR}, {@code CLEARMSG} → {@value
 *       #MODERATION_DELETE}: the overlay and the log need to forget what a moderator removed;
 *   <li>{@code PING}, {@code RECONNECT}, {@code ROOMSTATE}, {@code NOTICE} → a {@link
 *       TwitchControl} for the collector;
 *   <li>everything else, and lines of channels no community owns, is ignored with a reason.
 * </ul>
 *
 * <p>The envelope id is {@code Ids.forPlatformMessage("twitch", community, id, tmi-sent-ts)}, so
 * the same line read twice (two collectors, a reconnect) is one event.
 */
public final class TwitchIrcNormalizer {

  /** A ban, a timeout ({@code raw.durationSeconds}) or a whole-chat clear (no author). */
  public static final String MODERATION_CLEAR = "system.moderation.clear";

  /** One message deleted by a moderator ({@code raw.targetMessageId}). */
  public static final String MODERATION_DELETE = "system.moderation.delete";

  /** Longer texts are cut: Twitch's limit is 500 characters, so this only stops abuse. */
  static final int MAX_TEXT = 2000;

  /** What a line became. */
  public sealed interface Result {}

  public record Accepted(Envelope envelope) implements Result {}

  public record Control(TwitchControl control) implements Result {}

  public record Ignored(String reason) implements Result {}

  private final TwitchChannels channels;
  private final String origin;

  /**
   * @param origin the collector instance (replies are delivered back to it)
   */
  public TwitchIrcNormalizer(TwitchChannels channels, String origin) {
    this.channels = channels;
    this.origin = origin;
  }

  /** Never throws for a parsed line. */
  public Result normalize(IrcMessage m, Instant receivedAt) {
    return switch (m.command()) {
      case "PRIVMSG" -> privmsg(m, receivedAt);
      case "USERNOTICE" -> UserNotices.normalize(this, m, receivedAt);
      case "CLEARCHAT" -> clearchat(m, receivedAt);
      case "CLEARMSG" -> clearmsg(m, receivedAt);
      case "PING" -> new Control(new TwitchControl.Ping(m.trailing()));
      case "RECONNECT" -> new Control(new TwitchControl.Reconnect());
      case "ROOMSTATE" -> roomstate(m);
      case "NOTICE" ->
          new Control(new TwitchControl.Notice(login(m), m.tag("msg-id"), nonNull(m.trailing())));
      default -> new Ignored("command " + m.command());
    };
  }

  private Result privmsg(IrcMessage m, Instant receivedAt) {
    String text = m.trailing();
    if (text == null) {
      return new Ignored("PRIVMSG without text");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    if (text.length() > 9 && text.startsWith("\u0001ACTION ") && text.endsWith("\u0001")) {
      text = text.substring(8, text.length() - 1); // "/me" text arrives as a CTCP ACTION
      raw.put("action", true);
    }
    put(raw, "color", m.tag("color"));
    put(raw, "badges", m.tag("badges"));
    put(raw, "badgeInfo", m.tag("badge-info"));
    put(raw, "emotes", m.tag("emotes"));
    put(raw, "replyParentMessageId", m.tag("reply-parent-msg-id"));
    if ("1".equals(m.tag("first-msg"))) {
      raw.put("firstMessage", true);
    }
    String type = EventType.CHAT_MESSAGE;
    Integer bits = integer(m.tag("bits"));
    if (bits != null && bits > 0) {
      type = EventType.STREAM_CHEER;
      raw.put("bits", bits);
    }
    Author author = author(m, m.nick());
    if (author == null) {
      return new Ignored("PRIVMSG without user-id (is the twitch.tv/tags capability on?)");
    }
    return envelope(type, m, author, text, raw, receivedAt);
  }

  private Result clearchat(IrcMessage m, Instant receivedAt) {
    Map<String, Object> raw = new LinkedHashMap<>();
    String targetId = m.tag("target-user-id");
    String targetLogin = m.trailing();
    put(raw, "targetUserId", targetId);
    put(raw, "targetLogin", targetLogin);
    Integer duration = integer(m.tag("ban-duration"));
    raw.put("action", targetId == null ? "clear" : duration == null ? "ban" : "timeout");
    put(raw, "durationSeconds", duration);
    return envelope(MODERATION_CLEAR, m, null, null, raw, receivedAt);
  }

  private Result clearmsg(IrcMessage m, Instant receivedAt) {
    String target = m.tag("target-msg-id");
    if (blank(target)) {
      return new Ignored("CLEARMSG without target-msg-id");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("targetMessageId", target);
    put(raw, "targetLogin", m.tag("login"));
    return envelope(MODERATION_DELETE, m, null, m.trailing(), raw, receivedAt);
  }

  private Result roomstate(IrcMessage m) {
    Map<String, String> modes = new LinkedHashMap<>(m.tags());
    String roomId = modes.remove("room-id");
    return new Control(new TwitchControl.RoomState(roomId, login(m), Map.copyOf(modes)));
  }

  /** The envelope for line {@code m}, or Ignored when no community owns its channel. */
  Result envelope(
      String type,
      IrcMessage m,
      Author author,
      String text,
      Map<String, Object> raw,
      Instant receivedAt) {
    String roomId = m.tag("room-id");
    String login = login(m);
    if (blank(roomId) && blank(login)) {
      return new Ignored(m.command() + " without channel");
    }
    String community = channels.communityOf(blank(roomId) ? null : roomId, login);
    if (blank(community)) {
      return new Ignored("no community for channel " + (login != null ? login : roomId));
    }
    Instant sent = sentAt(m, receivedAt);
    String messageId = m.tag("id");
    if (blank(messageId)) {
      // CLEARCHAT has no id: the line itself identifies it (it carries its own timestamp).
      messageId = m.command() + ":" + m.raw();
    }
    text = TextHygiene.cleanText(text);
    if (text != null && text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT);
    }
    Channel channel = new Channel(blank(roomId) ? login : roomId, login);
    String id = Ids.forPlatformMessage(Platforms.TWITCH, community, messageId, sent);
    return new Accepted(
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

  /**
   * The author from the tags ({@code user-id}, {@code display-name}, {@code badges}); null without
   * a user id. Roles are the badge names; a founder is a subscriber too, and {@code mod=1} makes a
   * moderator even when the badge is hidden.
   */
  static Author author(IrcMessage m, String login) {
    String userId = m.tag("user-id");
    if (blank(userId)) {
      return null;
    }
    List<String> roles = new ArrayList<>(4);
    String badges = m.tag("badges");
    if (badges != null && !badges.isEmpty()) {
      for (String badge : badges.split(",")) {
        int slash = badge.indexOf('/');
        String name = slash < 0 ? badge : badge.substring(0, slash);
        if (!name.isBlank() && !roles.contains(name)) {
          roles.add(name);
        }
      }
    }
    if (roles.contains("founder") && !roles.contains("subscriber")) {
      roles.add("subscriber");
    }
    if ("1".equals(m.tag("mod")) && !roles.contains("moderator")) {
      roles.add("moderator");
    }
    // The platform accepted this user: invisible or mirrored names are cleaned, never refused.
    String displayName = TextHygiene.displayName(m.tag("display-name"));
    return new Author(userId, blank(login) ? null : login, displayName, roles);
  }

  static Instant sentAt(IrcMessage m, Instant receivedAt) {
    String ts = m.tag("tmi-sent-ts");
    if (ts != null && !ts.isEmpty() && ts.length() < 19) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(ts));
      } catch (NumberFormatException e) {
        // fall through: a broken timestamp costs only the id's time part
      }
    }
    return receivedAt;
  }

  /** The channel login from the first parameter ({@code #login}), or null. */
  static String login(IrcMessage m) {
    String channel = m.param(0);
    if (channel == null || channel.length() < 2 || channel.charAt(0) != '#') {
      return null;
    }
    return channel.substring(1);
  }

  static Integer integer(String value) {
    if (value == null || value.isEmpty() || value.length() > 9) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static void put(Map<String, Object> raw, String key, Object value) {
    if (value != null && !(value instanceof String s && s.isEmpty())) {
      raw.put(key, value);
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
