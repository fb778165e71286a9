package dev.chorus.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed chat command: {@code !name arg1 "arg two"}. The name is lower-cased; arguments are split
 * on white space, a double-quoted argument keeps its spaces ({@code \"} and {@code \\} escape
 * inside quotes, an unclosed quote runs to the end), and {@code rest} keeps the argument text as
 * typed.
 *
 * <p>Parsing is linear in the text and allocates at most {@link #MAX_ARGS} arguments, whatever the
 * input (the parser is fuzzed).
 */
public record CommandInvocation(String name, List<String> args, String rest) {

  /** Longest command name accepted. */
  public static final int MAX_NAME = 32;

  /** Most arguments kept; further words stay in {@code rest} only. */
  public static final int MAX_ARGS = 16;

  /** Longest argument text looked at; chat text is bounded by the collectors already. */
  public static final int MAX_REST = 2000;

  public CommandInvocation {
    args = List.copyOf(args);
  }

  /**
   * Parses {@code text} when it starts with {@code prefix} followed directly by a name of letters,
   * digits, {@code _} or {@code -}. Anything else is not a command.
   */
  public static Optional<CommandInvocation> parse(String text, String prefix) {
    if (text == null || prefix == null || prefix.isEmpty() || !text.startsWith(prefix)) {
      return Optional.empty();
    }
    int start = prefix.length();
    int end = start;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      char c = text.charAt(end);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-') || end - start >= MAX_NAME) {
        return Optional.empty();
      }
      end++;
    }
    if (end == start) {
      return Optional.empty();
    }
    String name = text.substring(start, end).toLowerCase(Locale.ROOT);
    String rest = text.substring(end).strip();
    if (rest.length() > MAX_REST) {
      rest = rest.substring(0, MAX_REST);
    }
    return Optional.of(new CommandInvocation(name, split(rest), rest));
  }

  /** Splits argument text into at most {@link #MAX_ARGS} words, honouring double quotes. */
  public static List<String> split(String rest) {
    List<String> args = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int i = 0;
    int n = rest.length();
    while (i < n && args.size() < MAX_ARGS) {
      while (i < n && Character.isWhitespace(rest.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      word.setLength(0);
      if (rest.charAt(i) == '"') {
        i++;
        while (i < n && rest.charAt(i) != '"') {
          char c = rest.charAt(i);
          if (c == '\\' && i + 1 < n && (rest.charAt(i + 1) == '"' || rest.charAt(i + 1) == '\\')) {
            c = rest.charAt(++i);
          }
          word.append(c);
          i++;
        }
        i++; // the closing quote, or past the end
      } else {
        while (i < n && !Character.isWhitespace(rest.charAt(i))) {
          word.append(rest.charAt(i++));
        }
      }
      args.add(word.toString());
    }
    return args;
  }

  /** The {@code n}-th argument (1-based), or the empty string. */
  public String arg(int n) {
    return n >= 1 && n <= args.size() ? args.get(n - 1) : "";
  }

  /** The argument text after the first {@code skip} words, as typed (quotes kept). */
  public String restAfter(int skip) {
    String r = rest;
    for (int k = 0; k < skip; k++) {
      r = r.strip();
      int i = 0;
      if (r.startsWith("\"")) {
        i = 1;
        while (i < r.length() && r.charAt(i) != '"') {
          i += r.charAt(i) == '\\' && i + 1 < r.length() ? 2 : 1;
        }
        i = Math.min(i + 1, r.length());
      } else {
        while (i < r.length() && !Character.isWhitespace(r.charAt(i))) {
          i++;
        }
      }
      r = r.substring(i);
    }
    return r.strip();
  }
}
