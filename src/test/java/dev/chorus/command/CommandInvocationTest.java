package dev.chorus.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandInvocationTest {

  @Test
  void parsesNameAndQuotedArguments() {
    CommandInvocation c =
        CommandInvocation.parse("!Quote  add   \"so it begins\"", "!").orElseThrow();
    assertEquals("quote", c.name());
    assertEquals(List.of("add", "so it begins"), c.args());
    assertEquals("add   \"so it begins\"", c.rest());
    assertEquals("\"so it begins\"", c.restAfter(1));
  }

  @Test
  void escapesInsideQuotesAndAnUnclosedQuote() {
    CommandInvocation c =
        CommandInvocation.parse("!say \"a \\\"b\\\" c\" \"d \\\\ e\" \"open end", "!")
            .orElseThrow();
    assertEquals(List.of("a \"b\" c", "d \\ e", "open end"), c.args());
    assertEquals(List.of("", "x"), CommandInvocation.split("\"\" x"));
    assertEquals(List.of("a\"b"), CommandInvocation.split("a\"b"));
  }

  @Test
  void aBareCommandHasNoArguments() {
    CommandInvocation c = CommandInvocation.parse("!ping", "!").orElseThrow();
    assertEquals("ping", c.name());
    assertEquals(List.of(), c.args());
    assertEquals("", c.rest());
    assertEquals("", c.arg(1));
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
    assertTrue(CommandInvocation.parse("!ping", "").isEmpty());
    assertEquals(
        "x".repeat(32), CommandInvocation.parse("!" + "x".repeat(32), "!").orElseThrow().name());
  }

  @Test
  void otherPrefixesAndLimits() {
    assertEquals("so", CommandInvocation.parse("?so @friend", "?").orElseThrow().name());
    assertEquals("so", CommandInvocation.parse(">>so @friend", ">>").orElseThrow().name());
    CommandInvocation many = CommandInvocation.parse("!x " + "a ".repeat(40), "!").orElseThrow();
    assertEquals(CommandInvocation.MAX_ARGS, many.args().size());
    CommandInvocation huge = CommandInvocation.parse("!x " + "b".repeat(10_000), "!").orElseThrow();
    assertEquals(CommandInvocation.MAX_REST, huge.rest().length());
  }

  @Test
  void restAfterSkipsWordsAndQuotedWords() {
    CommandInvocation c =
        CommandInvocation.parse("!cmd add \"!two words\"  Hello ${user}", "!").orElseThrow();
    assertEquals("\"!two words\"  Hello ${user}", c.restAfter(1));
    assertEquals("Hello ${user}", c.restAfter(2));
    assertEquals("", c.restAfter(9));
  }
}
