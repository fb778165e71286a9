package dev.chorus.command;

import dev.chorus.event.ContextKeys.Speaker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** The commands every community has. Pure: an invocation and its speaker in, the reply text out. */
public final class BuiltinCommands {

  private record Builtin(String usage, BiFunction<CommandInvocation, Speaker, String> answer) {}

  private final String prefix;
  private final Map<String, Builtin> commands = new LinkedHashMap<>();

  public BuiltinCommands(String prefix) {
    this.prefix = prefix;
    commands.put("ping", new Builtin("checks that the bot is listening", (inv, who) -> "pong"));
    commands.put(
        "help",
        new Builtin("explains a command: " + prefix + "help <command>", (inv, who) -> help(inv)));
    commands.put(
        "commands", new Builtin("lists the commands", (inv, who) -> "Commands: " + list()));
    commands.put("whoami", new Builtin("says who the bot thinks you are", BuiltinCommands::whoami));
  }

  /**
   * The reply to a built-in command, or empty when {@code invocation} is not one.
   *
   * @param speaker who asked, as the identity stage resolved them; {@code null} when it did not run
   */
  public Optional<String> answer(CommandInvocation invocation, Speaker speaker) {
    Builtin builtin = commands.get(invocation.name());
    return builtin == null
        ? Optional.empty()
        : Optional.of(builtin.answer().apply(invocation, speaker));
  }

  private static String whoami(CommandInvocation invocation, Speaker speaker) {
    return speaker == null
        ? "I do not know who you are yet."
        : "You are " + speaker.displayName() + " (person " + speaker.personId() + ").";
  }

  private String help(CommandInvocation invocation) {
    if (invocation.args().isEmpty()) {
      return "I answer commands that start with "
          + prefix
          + ". Try "
          + list()
          + ", or "
          + prefix
          + "help <command>.";
    }
    String name = invocation.args().get(0);
    if (name.startsWith(prefix)) {
      name = name.substring(prefix.length());
    }
    Builtin builtin = commands.get(name.toLowerCase(java.util.Locale.ROOT));
    return builtin == null
        ? "No command " + prefix + name + ". Commands: " + list()
        : prefix + name.toLowerCase(java.util.Locale.ROOT) + " " + builtin.usage();
  }

  private String list() {
    StringBuilder out = new StringBuilder();
    for (String name : commands.keySet()) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(prefix).append(name);
    }
    return out.toString();
  }
}
