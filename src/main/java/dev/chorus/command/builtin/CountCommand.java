package dev.chorus.command.builtin;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandGate;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.CommandStore;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code !count deaths} shows a counter; {@code !count deaths +1}, {@code -2}, {@code =10} or
 * {@code reset} changes it (moderators). Counters live in the command store and change by one
 * atomic increment, so any number of processes counting at once lose nothing.
 */
public final class CountCommand {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Pattern CHANGE = Pattern.compile("([+=-])(\\d{1,7})");

  private CountCommand() {}

  public static Builtin of(CommandStore store, CommandGate gate) {
    return new SimpleBuiltin(
        "count",
        "<prefix>count <name> shows a counter; <prefix>count <name> +1|-1|=N|reset changes it"
            + " (moderators)",
        CommandPolicy.OPEN,
        c -> run(c, store, gate));
  }

  private static Future<String> run(CommandCall c, CommandStore store, CommandGate gate) {
    String name = c.invocation().arg(1).toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()) {
      return Future.succeededFuture("Usage: " + c.prefix() + "count <name> [+1|-1|=N|reset]");
    }
    String change = c.invocation().arg(2).toLowerCase(Locale.ROOT);
    if (change.isEmpty()) {
      return store.counter(c.community(), name).map(v -> name + ": " + v);
    }
    if (!c.caller().level().atLeast(PermissionLevel.MODERATOR)) {
      return gate.deniedNotice(c, "count-change", PermissionLevel.MODERATOR)
          .map(notice -> notice == null ? "" : notice);
    }
    if (change.equals("reset")) {
      change = "=0";
    }
    Matcher m = CHANGE.matcher(change);
    if (!m.matches()) {
      return Future.succeededFuture("Usage: " + c.prefix() + "count <name> [+1|-1|=N|reset]");
    }
    long n = Long.parseLong(m.group(2));
    return switch (m.group(1)) {
      case "=" -> store.setCounter(c.community(), name, n).map(v -> name + ": " + n);
      case "-" -> store.increment(c.community(), name, -n).map(v -> name + ": " + v);
      default -> store.increment(c.community(), name, n).map(v -> name + ": " + v);
    };
  }
}
