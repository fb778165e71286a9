package dev.chorus.command.builtin;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandCatalog;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.template.Echo;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/** {@code !help [command]} and {@code !commands}: only what the caller may use is listed. */
public final class HelpCommands {

  /** Longest listing said in chat; the rest is cut with a pointer to {@code !help}. */
  static final int MAX_LISTING = 400;

  private HelpCommands() {}

  public static List<Builtin> all(CommandCatalog catalog) {
    return List.of(
        new SimpleBuiltin(
            "help",
            "<prefix>help <command>: explains a command",
            CommandPolicy.OPEN,
            c -> help(c, catalog)),
        new SimpleBuiltin(
            "commands",
            "lists the commands you may use",
            CommandPolicy.OPEN,
            c -> catalog.entries(c.community()).map(e -> "Commands: " + listing(c, e))));
  }

  private static Future<String> help(CommandCall c, CommandCatalog catalog) {
    return catalog
        .entries(c.community())
        .map(
            entries -> {
              if (c.invocation().args().isEmpty()) {
                return "I answer commands that start with "
                    + c.prefix()
                    + ". Try "
                    + listing(c, entries)
                    + ", or "
                    + c.prefix()
                    + "help <command>.";
              }
              String name = c.invocation().arg(1);
              if (name.startsWith(c.prefix())) {
                name = name.substring(c.prefix().length());
              }
              String wanted = name.toLowerCase(Locale.ROOT);
              for (CommandCatalog.Entry e : entries) {
                if (e.name().equals(wanted)) {
                  return c.prefix() + e.name() + " " + describe(c, e);
                }
              }
              // The name is the user's text: said back bounded (Echo), never whole.
              return "No command "
                  + c.prefix()
                  + Echo.of(wanted)
                  + ". Try "
                  + c.prefix()
                  + "commands.";
            });
  }

  private static String describe(CommandCall c, CommandCatalog.Entry e) {
    String about = e.about().replace("<prefix>", c.prefix());
    String who = e.level().wire();
    return switch (e.kind()) {
      case "alias" -> "is an alias for " + about + " (" + who + ")";
      case "custom" -> "(custom, " + who + "): " + (about.isBlank() ? "no description" : about);
      case "module" -> "(module, " + who + "): " + about;
      default -> about;
    };
  }

  static String listing(CommandCall c, List<CommandCatalog.Entry> entries) {
    StringBuilder out = new StringBuilder();
    for (CommandCatalog.Entry e : entries) {
      if (!e.usableBy(c.caller())) {
        continue;
      }
      String next = c.prefix() + e.name();
      if (out.length() + next.length() + 2 > MAX_LISTING) {
        out.append(", … (").append(c.prefix()).append("help <command>)");
        break;
      }
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(next);
    }
    return out.toString();
  }
}
