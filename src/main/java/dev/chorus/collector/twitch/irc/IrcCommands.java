package dev.chorus.collector.twitch.irc;

import java.util.Collection;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The lines Chorus writes to Twitch chat, each returned as exact wire text ending in CR LF.
 *
 * <p>Nothing a user typed can inject a second command: message text has CR, LF and NUL replaced by
 * a space, and every other argument (channel, nick, token, capability, message id) is refused with
 * an {@link IllegalArgumentException} when it holds a character that would end or split the line.
 */
public final class IrcCommands {

  /** Twitch drops chat messages longer than this many characters (code points). */
  public static final int MAX_TEXT = 500;

  /** Twitch logins: lower-case letters, digits and underscores. */
  private static final Pattern LOGIN = Pattern.compile("[a-z0-9_]{1,25}");

  private static final Pattern WORD = Pattern.compile("[\\x21-\\x7e&&[^:;@]]+");

  private IrcCommands() {}

  /** {@code PASS oauth:<token>}; the token may be given with or without its {@code oauth:}. */
  public static String pass(String token) {
    String bare = token != null && token.startsWith("oauth:") ? token.substring(6) : token;
    if (bare == null || bare.isEmpty() || !WORD.matcher(bare).matches()) {
      throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
    }
    return "PASS oauth:" + bare + "\r\n";
  }

  /** {@code NICK <login>}. */
  public static String nick(String login) {
    return "NICK " + login(login) + "\r\n";
  }

  /**
   * {@code USER <login> 0 * :<login>}: registration on standard IRC servers needs it after {@code
   * NICK}; Twitch ignores it.
   */
  public static String user(String login) {
    String name = login(login);
    return "USER " + name + " 0 * :" + name + "\r\n";
  }

  /** {@code CAP REQ :<capabilities>}, e.g. {@code twitch.tv/tags twitch.tv/commands}. */
  public static String capReq(Collection<String> capabilities) {
    if (capabilities.isEmpty()) {
      throw new IllegalArgumentException("no capability requested");
    }
    StringJoiner caps = new StringJoiner(" ");
    for (String cap : capabilities) {
      if (cap == null || !cap.matches("[A-Za-z0-9./_-]+")) {
        throw new IllegalArgumentException("invalid capability: " + cap);
      }
      caps.add(cap);
    }
    return "CAP REQ :" + caps + "\r\n";
  }

  /** {@code JOIN #a,#b}; channels are logins, with or without the {@code #}. */
  public static String join(Collection<String> channels) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("no channel to join");
    }
    StringJoiner list = new StringJoiner(",");
    for (String channel : channels) {
      list.add(channel(channel));
    }
    return "JOIN " + list + "\r\n";
  }

  /** {@code PART #channel}. */
  public static String part(String channel) {
    return "PART " + channel(channel) + "\r\n";
  }

  /** The answer to {@code PING :<token>}: {@code PONG :<token>} (the token echoed). */
  public static String pong(String token) {
    if (token == null || token.isEmpty()) {
      return "PONG :tmi.twitch.tv\r\n";
    }
    return "PONG :" + clean(token) + "\r\n";
  }

  /**
   * {@code PRIVMSG #channel :text}.
   *
   * @throws IllegalArgumentException when the text is blank or longer than {@value #MAX_TEXT}
   *     characters after cleaning (the egress stage splits long replies before this)
   */
  public static String privmsg(String channel, String text) {
    return "PRIVMSG " + channel(channel) + " :" + text(text) + "\r\n";
  }

  /** A reply in a thread: {@code @reply-parent-msg-id=<id> PRIVMSG #channel :text}. */
  public static String reply(String channel, String parentMessageId, String text) {
    if (parentMessageId == null || !parentMessageId.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("invalid parent message id: " + parentMessageId);
    }
    return "@reply-parent-msg-id=" + parentMessageId + " " + privmsg(channel, text);
  }

  private static String login(String login) {
    if (login == null || !LOGIN.matcher(login).matches()) {
      throw new IllegalArgumentException("not a Twitch login: " + login);
    }
    return login;
  }

  private static String channel(String channel) {
    String name = channel != null && channel.startsWith("#") ? channel.substring(1) : channel;
    return "#" + login(name);
  }

  private static String text(String text) {
    String cleaned = text == null ? "" : clean(text);
    if (cleaned.isBlank()) {
      throw new IllegalArgumentException("empty message text");
    }
    if (cleaned.codePointCount(0, cleaned.length()) > MAX_TEXT) {
      throw new IllegalArgumentException("message text longer than " + MAX_TEXT + " characters");
    }
    return cleaned;
  }

  /** Replaces CR, LF and NUL with a space, so a multi-line text stays one readable line. */
  private static String clean(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        StringBuilder out = new StringBuilder(text.length());
        for (int j = 0; j < text.length(); j++) {
          char d = text.charAt(j);
          out.append(d == '\r' || d == '\n' || d == '\0' ? ' ' : d);
        }
        return out.toString();
      }
    }
    return text;
  }
}
