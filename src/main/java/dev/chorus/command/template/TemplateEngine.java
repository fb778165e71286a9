package dev.chorus.command.template;

import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * Expands a {@link Template} against a {@link Scope}. Output is cut at {@link Budget#MAX_OUTPUT}
 * characters (evaluation stops there), nested calls are bounded by the {@link Budget}, and every
 * failure is a {@link TemplateException} whose message says why.
 */
public final class TemplateEngine {

  private TemplateEngine() {}

  public static Future<String> expand(Template template, Scope scope, Budget budget) {
    StringBuilder out = new StringBuilder();
    Future<Long>[] count = newCountHolder();
    return next(template.nodes(), 0, scope, budget, out, count).map(v -> out.toString());
  }

  @SuppressWarnings("unchecked")
  private static Future<Long>[] newCountHolder() {
    return (Future<Long>[]) new Future<?>[1];
  }

  private static Future<Void> next(
      List<Template.Node> nodes,
      int index,
      Scope scope,
      Budget budget,
      StringBuilder out,
      Future<Long>[] count) {
    while (index < nodes.size() && out.length() < Budget.MAX_OUTPUT) {
      Template.Node node = nodes.get(index++);
      if (node instanceof Template.Text t) {
        append(out, t.text());
        continue;
      }
      Template.Var v = (Template.Var) node;
      Future<String> value;
      try {
        budget.step();
        value = evaluate(v, scope, budget, count);
      } catch (TemplateException e) {
        return Future.failedFuture(e);
      }
      if (value.isComplete() && value.succeeded()) {
        append(out, value.result());
        continue;
      }
      int resume = index;
      return value.compose(
          text -> {
            append(out, text);
            return next(nodes, resume, scope, budget, out, count);
          });
    }
    return Future.succeededFuture();
  }

  private static void append(StringBuilder out, String text) {
    int room = Budget.MAX_OUTPUT - out.length();
    out.append(text.length() <= room ? text : text.substring(0, Math.max(0, room)));
  }

  private static Future<String> evaluate(
      Template.Var v, Scope scope, Budget budget, Future<Long>[] count) {
    String name = v.name();
    switch (name) {
      case "user":
        return done(scope.user());
      case "args":
        return done(scope.args());
      case "target":
        {
          String first = scope.argList().isEmpty() ? "" : scope.argList().get(0);
          String t = first.startsWith("@") ? first.substring(1) : first;
          return done(t.isEmpty() ? scope.user() : t);
        }
      case "channel":
        return done(scope.channel());
      case "uptime":
        return done(scope.uptime());
      case "count":
        if (count[0] == null) {
          count[0] = scope.count();
        }
        return count[0].map(String::valueOf);
      case "random":
        {
          long[] r = Template.range(v.arg());
          return done(String.valueOf(scope.random(r[0], r[1])));
        }
      case "pick":
        {
          List<String> picks = Template.picks(v.arg());
          return done(picks.get((int) scope.random(0, picks.size() - 1)));
        }
      case "call":
        {
          String called = Template.callName(v.arg());
          return scope.call(called, Template.callArgs(v.arg()), budget.enter(called));
        }
      default:
        if (name.startsWith("pronoun.")) {
          return done(Pronouns.of(scope.pronouns()).get(name.substring("pronoun.".length())));
        }
        if (name.startsWith("arg")) {
          int n = Integer.parseInt(name.substring(3));
          List<String> args = scope.argList();
          return done(n <= args.size() ? args.get(n - 1) : "");
        }
        throw new TemplateException("unknown variable ${" + name.toLowerCase(Locale.ROOT) + "}");
    }
  }

  private static Future<String> done(String s) {
    return Future.succeededFuture(s == null ? "" : s);
  }
}
