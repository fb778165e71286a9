package dev.chorus.collector.twitch.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed IRC line, immutable. It keeps the line and the positions of its parts (see {@link
 * IrcParser}); the accessors cut strings out of the line when called, so read a value once and keep
 * it rather than calling an accessor in a loop.
 *
 * <p>Tag values are unescaped as IRCv3 specifies: {@code \:} is {@code ;}, {@code \s} a space,
 * {@code \\} a backslash, {@code \r} and {@code \n} CR and LF, a backslash before any other
 * character is dropped, and so is a trailing lone backslash. A tag without a value has the value
 * {@code ""} (IRCv3 treats a missing and an empty value alike). When a key appears twice the last
 * value wins.
 */
public final class IrcMessage {

  /** Set on a tag's value start when the value holds a backslash (positions stay below 2^30). */
  static final int ESCAPED = 1 << 30;

  private final String line;
  private final int end;

  /** Element 0: how many elements are in use; then four per tag (see IrcParser.parseTags). */
  private final int[] tags;

  private final int prefixStart;
  private final int bang;
  private final int at;
  private final int prefixEnd;
  private final String command;
  private final int paramCount;
  private final int p0;
  private final int p0End;
  private final int[] moreParams;
  private final int trailing;

  IrcMessage(
      String line,
      int end,
      int[] tags,
      int prefixStart,
      int bang,
      int at,
      int prefixEnd,
      String command,
      int paramCount,
      int p0,
      int p0End,
      int[] moreParams,
      int trailing) {
    this.line = line;
    this.end = end;
    this.tags = tags;
    this.prefixStart = prefixStart;
    this.bang = bang;
    this.at = at;
    this.prefixEnd = prefixEnd;
    this.command = command;
    this.paramCount = paramCount;
    this.p0 = p0;
    this.p0End = p0End;
    this.moreParams = moreParams;
    this.trailing = trailing;
  }

  /** The line as received, without its line ending. */
  public String raw() {
    return line.substring(0, end);
  }

  /** The command, e.g. {@code PRIVMSG} or {@code 001}, as sent (case is not changed). */
  public String command() {
    return command;
  }

  /** True when {@code command} equals this message's command. */
  public boolean is(String name) {
    return command.equals(name);
  }

  public int tagCount() {
    return (tags[0] - 1) / 4;
  }

  public boolean hasTag(String key) {
    return indexOf(key) >= 0;
  }

  /** The unescaped value of tag {@code key}, {@code ""} for a tag without value, null if absent. */
  public String tag(String key) {
    int t = indexOf(key);
    return t < 0 ? null : value(t);
  }

  /** All tags, unescaped, in line order (last value wins); a new map on every call. */
  public Map<String, String> tags() {
    int used = tags[0];
    if (used == 1) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>(used / 2);
    for (int t = 1; t < used; t += 4) {
      map.put(line.substring(tags[t], tags[t + 1]), value(t));
    }
    return Collections.unmodifiableMap(map);
  }

  /** The whole prefix ({@code nick!user@host} or a server name), or null. */
  public String prefix() {
    return prefixStart < 0 ? null : line.substring(prefixStart, prefixEnd);
  }

  /** The nick (or server name) part of the prefix, or null without prefix. */
  public String nick() {
    if (prefixStart < 0) {
      return null;
    }
    int nickEnd = bang >= 0 ? bang : at >= 0 ? at : prefixEnd;
    return line.substring(prefixStart, nickEnd);
  }

  /** The user part of the prefix ({@code nick!user@host}), or null. */
  public String user() {
    return bang < 0 ? null : line.substring(bang + 1, at >= 0 ? at : prefixEnd);
  }

  /** The host part of the prefix, or null. */
  public String host() {
    return at < 0 ? null : line.substring(at + 1, prefixEnd);
  }

  /** How many middle parameters (not counting the trailing one). */
  public int paramCount() {
    return paramCount;
  }

  /** Middle parameter {@code index} (0-based), or null when there are fewer. */
  public String param(int index) {
    if (index < 0 || index >= paramCount) {
      return null;
    }
    if (index == 0) {
      return line.substring(p0, p0End);
    }
    int k = 2 * (index - 1);
    return line.substring(moreParams[k], moreParams[k + 1]);
  }

  /** The middle parameters, without the trailing one. */
  public List<String> params() {
    List<String> list = new ArrayList<>(paramCount);
    for (int p = 0; p < paramCount; p++) {
      list.add(param(p));
    }
    return Collections.unmodifiableList(list);
  }

  public boolean hasTrailing() {
    return trailing >= 0;
  }

  /** The trailing parameter (after {@code " :"}), possibly empty, or null when there is none. */
  public String trailing() {
    return trailing < 0 ? null : line.substring(trailing, end);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IrcMessage other
        && end == other.end
        && line.regionMatches(0, other.line, 0, end);
  }

  @Override
  public int hashCode() {
    return raw().hashCode();
  }

  @Override
  public String toString() {
    return raw();
  }

  /** Position in {@link #tags} of the last tag named {@code key}, or -1. */
  private int indexOf(String key) {
    int length = key.length();
    for (int t = tags[0] - 4; t >= 1; t -= 4) {
      int start = tags[t];
      if (tags[t + 1] - start == length && line.regionMatches(start, key, 0, length)) {
        return t;
      }
    }
    return -1;
  }

  private String value(int t) {
    int start = tags[t + 2];
    int valueEnd = tags[t + 3];
    if ((start & ESCAPED) == 0) {
      return start == valueEnd ? "" : line.substring(start, valueEnd);
    }
    return unescape(line, start & ~ESCAPED, valueEnd);
  }

  static String unescape(String s, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    for (int j = from; j < to; j++) {
      char c = s.charAt(j);
      if (c != '\\') {
        out.append(c);
      } else if (++j < to) {
        char next = s.charAt(j);
        switch (next) {
          case ':' -> out.append(';');
          case 's' -> out.append(' ');
          case 'r' -> out.append('\r');
          case 'n' -> out.append('\n');
          default -> out.append(next); // "\\" and any other escaped character stand for themselves
        }
      }
    }
    return out.toString();
  }
}
