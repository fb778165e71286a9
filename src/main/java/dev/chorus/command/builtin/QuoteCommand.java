package dev.chorus.command.builtin;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandGate;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.CommandStore;
import dev.chorus.command.Quote;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code !quote} or {@code !quote random}, {@code !quote 3} or {@code !quote get 3}; moderators:
 * {@code !quote add <text>}, {@code !quote del 3}. Numbers are never reused.
 */
public final class QuoteCommand {

  public static final int MAX_QUOTE = 400;

  private QuoteCommand() {}

  public static Builtin of(CommandStore store, CommandGate gate) {
    return new SimpleBuiltin(
        "quote",
        "<prefix>quote [N|random]; moderators: <prefix>quote add <text>, <prefix>quote del N",
        CommandPolicy.OPEN,
        c -> run(c, store, gate));
  }

  private static Future<String> run(CommandCall c, CommandStore store, CommandGate gate) {
    String verb = c.invocation().arg(1).toLowerCase(Locale.ROOT);
    String community = c.community();
    switch (verb) {
      case "", "random":
        return store.randomQuote(community).map(q -> show(q, "No quotes yet."));
      case "get":
        return byNumber(c, store, c.invocation().arg(2));
      case "add", "del":
        if (!c.caller().level().atLeast(PermissionLevel.MODERATOR)) {
          return gate.deniedNotice(c, "quote-" + verb, PermissionLevel.MODERATOR)
              .map(notice -> notice == null ? "" : notice);
        }
        if (verb.equals("add")) {
          String text = c.invocation().restAfter(1);
          if (text.isEmpty() || text.length() > MAX_QUOTE) {
            return Future.succeededFuture("A quote is 1 to " + MAX_QUOTE + " characters.");
          }
          return store
              .addQuote(community, text, c.caller().name())
              .map(q -> "Added quote #" + q.number() + ".");
        }
        long number = number(c.invocation().arg(2));
        if (number < 1) {
          return Future.succeededFuture("Usage: " + c.prefix() + "quote del N");
        }
        return store
            .deleteQuote(community, number)
            .map(gone -> gone ? "Deleted quote #" + number + "." : "No quote #" + number + ".");
      default:
        return byNumber(c, store, verb);
    }
  }

  private static Future<String> byNumber(CommandCall c, CommandStore store, String raw) {
    long number = number(raw);
    if (number < 1) {
      return Future.succeededFuture("Usage: " + c.prefix() + "quote [N|random]");
    }
    return store.quote(c.community(), number).map(q -> show(q, "No quote #" + number + "."));
  }

  private static long number(String raw) {
    String s = raw.startsWith("#") ? raw.substring(1) : raw;
    if (!s.matches("\\d{1,12}")) {
      return -1;
    }
    return Long.parseLong(s);
  }

  private static String show(Optional<Quote> q, String none) {
    return q.map(x -> "Quote #" + x.number() + ": " + x.text() + " (" + x.addedBy() + ")")
        .orElse(none);
  }
}
