package dev.chorus.collector.twitch.irc;

/**
 * A line that is not a well-formed IRC message, or is longer than the limits. The only exception
 * {@link IrcParser#parse} throws; the message says what is wrong and at which character.
 */
public final class IrcFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int position;

  public IrcFormatException(String reason, int position) {
    super(reason + (position >= 0 ? " (at character " + position + ")" : ""));
    this.position = position;
  }

  /** Index of the offending character in the line, or -1 when the line as a whole is wrong. */
  public int position() {
    return position;
  }
}
