package dev.chorus.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.ContextKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandInvocationTest {

  @Test
  void parsesNameAndArguments() {
    CommandInvocation c =
        CommandInvocation.parse("!Quote  add   \"so it begins\"", "!").orElseThrow();
    assertEquals("quote", c.name());
    assertEquals(List.of("add", "\"so", "it", "begins\""), c.args());
    assertEquals("add   \"so it begins\"", c.rest());
  }

  @Test
  void aBareCommandHasNoArguments() {
    CommandInvocation c = CommandInvocation.parse("!ping", "!").orElseThrow();
    assertEquals("ping", c.name());
    assertEquals(List.of(), c.args());
    assertEquals("", c.rest());
  }

  @Test
  void notCommands() {
    for (String text :
        new String[] {
          "ping", "! ping", "!", "!!", "hello !ping", "!pi/ng", "!" + "x".repeat(33), ""
        }) {
      assertTrue(CommandInvocation.parse(text, "!").isEmpty(), text);
    }
    assertTrue(CommandInvocation.parse(null, "!").isEmpty());
  }

  @Test
  void otherPrefixesAndLimits() {
    assertEquals("so", CommandInvocation.parse("?so @friend", "?").orElseThrow().name());
    CommandInvocation many = CommandInvocation.parse("!x " + "a ".repeat(40), "!").orElseThrow();
    assertEquals(CommandInvocation.MAX_ARGS, many.args().size());
  }

  @Test
  void builtinsAnswer() {
    BuiltinCommands builtins = new BuiltinCommands("!");
    assertEquals(
        "pong",
        builtins.answer(CommandInvocation.parse("!ping", "!").orElseThrow(), null).orElseThrow());
    assertEquals(
        "Commands: !ping, !help, !commands, !whoami",
        builtins
            .answer(CommandInvocation.parse("!commands", "!").orElseThrow(), null)
            .orElseThrow());
    assertEquals(
        "!ping checks that the bot is listening",
        builtins
            .answer(CommandInvocation.parse("!help !PING", "!").orElseThrow(), null)
            .orElseThrow());
    assertTrue(
        builtins
            .answer(CommandInvocation.parse("!help nope", "!").orElseThrow(), null)
            .orElseThrow()
            .startsWith("No command !nope"));
    assertTrue(
        builtins.answer(CommandInvocation.parse("!dance", "!").orElseThrow(), null).isEmpty());
  }

  @Test
  void whoamiAnswersFromTheSpeakerTheIdentityStageResolved() {
    BuiltinCommands builtins = new BuiltinCommands("!");
    CommandInvocation whoami = CommandInvocation.parse("!whoami", "!").orElseThrow();
    assertEquals(
        "You are Alice (person p-1).",
        builtins.answer(whoami, new ContextKeys.Speaker("p-1", "Alice")).orElseThrow());
    assertEquals("I do not know who you are yet.", builtins.answer(whoami, null).orElseThrow());
  }
}
