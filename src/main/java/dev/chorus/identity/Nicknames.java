package dev.chorus.identity;

import java.util.regex.Pattern;

/** What {@code !nick} accepts: short, printable, no mentions, links or commands. */
public final class Nicknames {

  public static final int MAX_LENGTH = 32;

  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.'-]*");

  private Nicknames() {}

  /** Why {@code nick} is refused, or null when it is fine. */
  public static String problem(String nick) {
    int length = nick.codePointCount(0, nick.length());
    if (length < 1 || length > MAX_LENGTH) {
      return "A nickname is 1 to " + MAX_LENGTH + " characters.";
    }
    if (!ALLOWED.matcher(nick).matches()) {
      return "A nickname starts with a letter or digit and has only letters, digits, spaces and"
          + " _ . ' -";
    }
    if (nick.toLowerCase(java.util.Locale.ROOT).contains("guest")) {
      return "A nickname cannot say guest.";
    }
    return null;
  }
}
