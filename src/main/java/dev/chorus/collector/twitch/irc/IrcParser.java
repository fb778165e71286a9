package dev.chorus.collector.twitch.irc;

import java.util.Arrays;

/**
 * Parses one IRC line (IRCv3 message tags, RFC 1459 prefix, command and parameters) into an {@link
 * IrcMessage}. Pure and thread-safe.
 *
 * <p>Written for the chat hot path: one pass over the line, no regular expressions, no substrings
 * at parse time. The message keeps the line and the positions of its parts; tag values, prefix
 * parts and parameters become strings only when asked for, and known commands are shared constants.
 * Per line it allocates the message and, when the line has tags, one {@code int[]}.
 *
 * <p>Limits: the tag section ({@code @} up to and including the space after it) is at most {@value
 * #MAX_TAG_BYTES} bytes of UTF-8, as IRCv3 message-tags says. The rest of the line is at most
 * {@value #MAX_BODY_BYTES} bytes: IRC's own 512 would reject real Twitch lines, whose text is up to
 * 500 characters of up to 4 bytes each. One trailing CR LF (or a lone LF or CR) is tolerated; CR,
 * LF and NUL anywhere else are not.
 */
public final class IrcParser {

  public static final int MAX_TAG_BYTES = 8191;
  public static final int MAX_BODY_BYTES = 4096;

  /** More middle parameters than IRC allows (15 in all) is a malformed line. */
  static final int MAX_PARAMS = 15;

  private static final int MAX_CHARS = MAX_TAG_BYTES + MAX_BODY_BYTES + 2;
  private static final int[] NO_TAGS = {1};

  /** Commands Twitch sends or Chorus writes; a line with one of them shares the constant. */
  private static final String[] KNOWN_COMMANDS = {
    "PRIVMSG",
    "USERNOTICE",
    "PING",
    "PONG",
    "CLEARCHAT",
    "CLEARMSG",
    "NOTICE",
    "ROOMSTATE",
    "USERSTATE",
    "GLOBALUSERSTATE",
    "JOIN",
    "PART",
    "RECONNECT",
    "WHISPER",
    "CAP",
    "HOSTTARGET",
    "001",
    "002",
    "003",
    "004",
    "353",
    "366",
    "372",
    "375",
    "376",
    "421"
  };

  private IrcParser() {}

  /**
   * Parses one line.
   *
   * @throws IrcFormatException when the line is empty, too long or not a well-formed IRC message
   */
  public static IrcMessage parse(String line) {
    if (line == null) {
      throw new IrcFormatException("no line", -1);
    }
    int end = line.length();
    if (end > MAX_CHARS) {
      throw new IrcFormatException("line longer than " + (MAX_CHARS - 2) + " bytes", -1);
    }
    if (end > 0 && line.charAt(end - 1) == '\n') {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    if (end == 0) {
      throw new IrcFormatException("empty line", -1);
    }
    int i = 0;
    int[] tags = NO_TAGS;
    if (line.charAt(0) == '@') {
      int tagsEnd = line.indexOf(' ', 1);
      if (tagsEnd < 0 || tagsEnd >= end) {
        throw new IrcFormatException("tags without a command", end);
      }
      if ((tagsEnd + 1) * 3 > MAX_TAG_BYTES && utf8Length(line, 0, tagsEnd + 1) > MAX_TAG_BYTES) {
        throw new IrcFormatException("tags longer than " + MAX_TAG_BYTES + " bytes", -1);
      }
      tags = parseTags(line, tagsEnd);
      i = skipSpaces(line, tagsEnd + 1, end);
    }
    if ((end - i) * 3 > MAX_BODY_BYTES && utf8Length(line, i, end) > MAX_BODY_BYTES) {
      throw new IrcFormatException("message longer than " + MAX_BODY_BYTES + " bytes", -1);
    }

    int prefixStart = -1;
    int bang = -1;
    int at = -1;
    int prefixEnd = -1;
    if (i < end && line.charAt(i) == ':') {
      prefixStart = i + 1;
      for (int j = prefixStart; ; j++) {
        if (j >= end) {
          throw new IrcFormatException("prefix without a command", end);
        }
        char c = line.charAt(j);
        if (c > '@') {
          continue; // letters: nothing to decide
        } else if (c == ' ') {
          prefixEnd = j;
          break;
        } else if (c == '!' && bang < 0 && at < 0) {
          bang = j;
        } else if (c == '@' && at < 0) {
          at = j;
        } else if (c == '\0' || c == '\r' || c == '\n') {
          throw forbidden(c, j);
        }
      }
      if (prefixEnd == prefixStart) {
        throw new IrcFormatException("empty prefix", prefixStart);
      }
      i = skipSpaces(line, prefixEnd + 1, end);
    }

    int commandStart = i;
    boolean letters = true;
    boolean digits = true;
    while (i < end) {
      char c = line.charAt(i);
      if (c == ' ') {
        break;
      }
      letters &= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      digits &= c >= '0' && c <= '9';
      i++;
    }
    if (i == commandStart) {
      throw new IrcFormatException("missing command", commandStart);
    }
    if (!letters && !(digits && i - commandStart == 3)) {
      throw new IrcFormatException(
          "command is neither letters nor a 3-digit numeric", commandStart);
    }
    String command = command(line, commandStart, i);

    int[] params = null;
    int paramCount = 0;
    int p0 = -1;
    int p0End = -1;
    int trailing = -1;
    while (true) {
      i = skipSpaces(line, i, end);
      if (i >= end) {
        break;
      }
      if (line.charAt(i) == ':') {
        trailing = i + 1;
        checkText(line, trailing, end);
        break;
      }
      if (paramCount == MAX_PARAMS) {
        throw new IrcFormatException("more than " + MAX_PARAMS + " parameters", i);
      }
      int start = i;
      while (i < end) {
        char c = line.charAt(i);
        if (c <= ' ') {
          if (c == ' ') {
            break;
          } else if (c == '\0' || c == '\r' || c == '\n') {
            throw forbidden(c, i);
          }
        }
        i++;
      }
      // The first parameter (the channel, nearly always the only one) needs no array.
      if (paramCount == 0) {
        p0 = start;
        p0End = i;
      } else {
        if (params == null) {
          params = new int[2 * (MAX_PARAMS - 1)];
        }
        params[2 * (paramCount - 1)] = start;
        params[2 * (paramCount - 1) + 1] = i;
      }
      paramCount++;
    }
    return new IrcMessage(
        line,
        end,
        tags,
        prefixStart,
        bang,
        at,
        prefixEnd,
        command,
        paramCount,
        p0,
        p0End,
        params,
        trailing);
  }

  /**
   * Positions of the tags between {@code @} and {@code tagsEnd}: element 0 is the number of
   * elements in use, then four per tag (key start, key end, value start, value end); the value
   * start carries {@link IrcMessage#ESCAPED} when the value holds a backslash, so values without
   * one are plain substrings. Sized from the section's length (a Twitch tag averages about 19
   * characters; USERNOTICE tags more) and grown in the rare case that is too small, rather than
   * counted in a second pass.
   */
  private static int[] parseTags(String line, int tagsEnd) {
    int[] tags = new int[1 + 4 * (tagsEnd / 16 + 4)];
    int k = 1;
    int keyStart = 1;
    int eq = -1;
    boolean escaped = false;
    for (int j = 1; j <= tagsEnd; j++) {
      char c = j == tagsEnd ? ';' : line.charAt(j);
      if (c > '\\') {
        continue; // lower-case letters and most punctuation: nothing to decide
      }
      if (c == ';') {
        int keyEnd = eq < 0 ? j : eq;
        if (keyEnd == keyStart) {
          throw new IrcFormatException("empty tag key", keyStart);
        }
        if (k + 4 > tags.length) {
          tags = Arrays.copyOf(tags, tags.length * 2);
        }
        int valueStart = eq < 0 ? j : eq + 1;
        tags[k++] = keyStart;
        tags[k++] = keyEnd;
        tags[k++] = escaped ? valueStart | IrcMessage.ESCAPED : valueStart;
        tags[k++] = j;
        keyStart = j + 1;
        eq = -1;
        escaped = false;
      } else if (eq >= 0) {
        if (c == '\\') {
          escaped = true;
        } else if (c == '\0' || c == '\r' || c == '\n') {
          throw forbidden(c, j);
        }
      } else if (c == '=') {
        eq = j;
      } else if (c <= ' ' || c == '\\') {
        throw new IrcFormatException("invalid character in tag key", j);
      }
    }
    tags[0] = k;
    return tags;
  }

  private static void checkText(String line, int from, int end) {
    for (int j = from; j < end; j++) {
      char c = line.charAt(j);
      if (c <= '\r' && (c == '\0' || c == '\r' || c == '\n')) {
        throw forbidden(c, j);
      }
    }
  }

  private static int skipSpaces(String line, int from, int end) {
    while (from < end && line.charAt(from) == ' ') {
      from++;
    }
    return from;
  }

  private static String command(String line, int start, int end) {
    int length = end - start;
    for (String known : KNOWN_COMMANDS) {
      if (known.length() == length && line.regionMatches(start, known, 0, length)) {
        return known;
      }
    }
    return line.substring(start, end);
  }

  private static IrcFormatException forbidden(char c, int at) {
    String name = c == '\0' ? "NUL" : c == '\r' ? "CR" : "LF";
    return new IrcFormatException(name + " inside the line", at);
  }

  /** UTF-8 length of {@code s[from, to)}; an unpaired surrogate counts as the 3 bytes of U+FFFD. */
  static int utf8Length(CharSequence s, int from, int to) {
    int bytes = 0;
    for (int j = from; j < to; j++) {
      char c = s.charAt(j);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && j + 1 < to
          && Character.isLowSurrogate(s.charAt(j + 1))) {
        bytes += 4;
        j++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
