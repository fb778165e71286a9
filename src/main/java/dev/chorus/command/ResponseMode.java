package dev.chorus.command;

import java.util.Locale;

/**
 * How a command answers: in the channel, by direct message (where the platform has them; the web
 * chat has none, so there it answers in the channel), or not at all (the command still runs: a
 * counter still counts).
 */
public enum ResponseMode {
  REPLY,
  DM,
  SILENT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ResponseMode parse(String text) {
    for (ResponseMode mode : values()) {
      if (mode.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("mode must be reply, dm or silent; got " + text);
  }
}
