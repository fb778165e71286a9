package dev.chorus.command.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed command response: literal text and {@code ${name argument}} placeholders. {@code $$} is
 * a literal {@code $}. Parsing checks every placeholder, so a template that was accepted expands
 * without syntax errors; see {@code docs/commands.md} for the variables.
 *
 * <p>Parsing is linear and bounded ({@link #MAX_LENGTH} characters, {@link #MAX_NODES} parts).
 */
public final class Template {

  public static final int MAX_LENGTH = 2000;
  public static final int MAX_NODES = 100;
  public static final int MAX_PICKS = 50;

  /** One part of a template. */
  public sealed interface Node permits Text, Var {}

  public record Text(String text) implements Node {}

  /** A placeholder: {@code name} lower case, {@code arg} the text after it (may be empty). */
  public record Var(String name, String arg) implements Node {}

  private static final Set<String> SIMPLE =
      Set.of(
          "user",
          "pronoun.subject",
          "pronoun.object",
          "pronoun.possessive",
          "pronoun.reflexive",
          "args",
          "target",
          "channel",
          "count",
          "uptime");
  private static final Pattern ARG_N = Pattern.compile("arg([1-9]|1[0-6])");
  private static final Pattern RANGE = Pattern.compile("(-?\\d{1,12})\\s*-\\s*(-?\\d{1,12})");
  private static final Pattern CALL =
      Pattern.compile("!?([a-z0-9_-]{1,32})(\\s.*)?", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

  private final List<Node> nodes;

  private Template(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** The commands this template calls with {@code ${call name}}. */
  public Set<String> calls() {
    Set<String> out = new LinkedHashSet<>();
    for (Node n : nodes) {
      if (n instanceof Var v && v.name().equals("call")) {
        out.add(callName(v.arg()));
      }
    }
    return out;
  }

  /**
   * Parses {@code text}.
   *
   * @throws TemplateException naming the problem and where it is
   */
  public static Template parse(String text) {
    if (text == null) {
      throw new TemplateException("a response is required");
    }
    if (text.length() > MAX_LENGTH) {
      throw new TemplateException("a response is at most " + MAX_LENGTH + " characters");
    }
    List<Node> nodes = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new TemplateException("unclosed ${ at character " + (i + 1));
        }
        if (!literal.isEmpty()) {
          nodes.add(new Text(literal.toString()));
          literal.setLength(0);
        }
        nodes.add(placeholder(text.substring(i + 2, close).strip()));
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
      if (nodes.size() > MAX_NODES) {
        throw new TemplateException("a response has at most " + MAX_NODES + " placeholders");
      }
    }
    if (!literal.isEmpty()) {
      nodes.add(new Text(literal.toString()));
    }
    return new Template(nodes);
  }

  private static Var placeholder(String inside) {
    int space = 0;
    while (space < inside.length() && !Character.isWhitespace(inside.charAt(space))) {
      space++;
    }
    String name = inside.substring(0, space).toLowerCase(Locale.ROOT);
    String arg = inside.substring(space).strip();
    if (name.isEmpty()) {
      throw new TemplateException("empty ${}");
    }
    if (SIMPLE.contains(name) || ARG_N.matcher(name).matches()) {
      if (!arg.isEmpty()) {
        throw new TemplateException("${" + name + "} takes no argument");
      }
      return new Var(name, "");
    }
    switch (name) {
      case "random" -> range(arg);
      case "pick" -> picks(arg);
      case "call" -> callName(arg);
      default -> throw new TemplateException("unknown variable ${" + name + "}");
    }
    return new Var(name, arg);
  }

  /** {@code ${random 1-100}}: the bounds, inclusive. */
  public static long[] range(String arg) {
    Matcher m = RANGE.matcher(arg);
    if (!m.matches()) {
      throw new TemplateException("${random} needs a range like 1-100");
    }
    long lo = Long.parseLong(m.group(1));
    long hi = Long.parseLong(m.group(2));
    if (lo > hi) {
      throw new TemplateException("${random " + arg + "}: the first number must not be larger");
    }
    return new long[] {lo, hi};
  }

  /** {@code ${pick a|b|c}}: the choices. */
  public static List<String> picks(String arg) {
    if (arg.isEmpty()) {
      throw new TemplateException("${pick} needs choices like a|b|c");
    }
    String[] parts = arg.split("\\|", MAX_PICKS + 1);
    if (parts.length > MAX_PICKS) {
      throw new TemplateException("${pick} takes at most " + MAX_PICKS + " choices");
    }
    List<String> out = new ArrayList<>(parts.length);
    for (String p : parts) {
      out.add(p.strip());
    }
    return out;
  }

  /** {@code ${call name args}}: the called command's name, without prefix. */
  public static String callName(String arg) {
    Matcher m = CALL.matcher(arg);
    if (!m.matches()) {
      throw new TemplateException("${call} needs a command name like ${call hug}");
    }
    return m.group(1).toLowerCase(Locale.ROOT);
  }

  /** {@code ${call name args}}: the argument text passed on, possibly empty. */
  public static String callArgs(String arg) {
    Matcher m = CALL.matcher(arg);
    return m.matches() && m.group(2) != null ? m.group(2).strip() : "";
  }
}
