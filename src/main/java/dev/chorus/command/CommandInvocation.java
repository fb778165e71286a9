package dev.chorus.command;

import java.util.List;
import java.util.Optional;

/**
 * A parsed chat command: {@code !name arg1 arg2}. The name is lower-cased; arguments are split on
 * white space, and {@code rest} keeps the argument text as typed.
 */
public record CommandInvocation(String name, List<String> args, String rest) {

  /** Longest command name accepted. */
  public static final int MAX_NAME = 32;

  /** Most arguments kept; further words stay in {@code rest} only. */
  public static final int MAX_ARGS = 16;

  /**
   * Parses {@code text} when it starts with {@code prefix} followed directly by a name of letters,
   * digits, {@code _} or {@code -}. Anything else is not a command.
   */
  public static Optional<CommandInvocation> parse(String text, String prefix) {
    if (text == null || !text.startsWith(prefix)) {
      return Optional.empty();
    }
    int start = prefix.length();
    int end = start;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      char c = text.charAt(end);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
        return Optional.empty();
      }
      end++;
    }
    int length = end - start;
    if (length == 0 || length > MAX_NAME) {
      return Optional.empty();
    }
    String name = text.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    String rest = text.substring(end).strip();
    List<String> args = rest.isEmpty() ? List.of() : List.of(rest.split("\\s+", MAX_ARGS + 1));
    if (args.size() > MAX_ARGS) {
      args = args.subList(0, MAX_ARGS);
    }
    return Optional.of(new CommandInvocation(name, args, rest));
  }
}
