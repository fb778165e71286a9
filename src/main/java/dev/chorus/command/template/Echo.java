package dev.chorus.command.template;

import java.util.regex.Pattern;

/**
 * User text the bot repeats in a reply: the arguments of a command ({@code ${args}}, {@code
 * ${arg1}}, {@code ${target}}), a name it was asked about ({@code !help <name>}), how it addresses
 * the speaker. Bounded to {@link #MAX} characters with an ellipsis, so that a viewer cannot make
 * the bot post a wall of text, and with mass mentions defused ({@code @everyone}, {@code @here},
 * Slack's {@code <!channel>}): the bot never pings a whole channel because someone typed it.
 *
 * <p>Discord replies also disable every mention ({@code allowed_mentions}), Twitch has no mass
 * mentions; this covers Slack and any platform added later. Links are left to moderation, which
 * sees the whole message before any command runs.
 */
public final class Echo {

  /** Longest user text a reply repeats, in characters (code points), before the ellipsis. */
  public static final int MAX = 64;

  public static final String ELLIPSIS = "…";

  private static final Pattern SLACK_SPECIAL =
      Pattern.compile("<!(everyone|channel|here|subteam\\^[^>|]*)(?:\\|[^>]*)?>");
  private static final Pattern MASS_MENTION =
      Pattern.compile("(?<!\\w)@(everyone|here|channel)(?!\\w)", Pattern.CASE_INSENSITIVE);

  private Echo() {}

  /** {@code text} as a reply may repeat it; null is the empty string. */
  public static String of(String text) {
    return of(text, MAX);
  }

  /** {@code text} bounded to {@code max} code points (plus the ellipsis), mentions defused. */
  public static String of(String text, int max) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = text;
    if (s.indexOf('@') >= 0 || s.contains("<!")) {
      s = SLACK_SPECIAL.matcher(s).replaceAll("$1");
      s = MASS_MENTION.matcher(s).replaceAll("$1");
    }
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max)).stripTrailing() + ELLIPSIS;
  }
}
