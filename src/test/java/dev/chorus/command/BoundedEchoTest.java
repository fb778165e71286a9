package dev.chorus.command;

import static dev.chorus.command.CommandNode.chat;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.command.CommandNode.Speaker;
import dev.chorus.command.template.Echo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replies never repeat unbounded user text (decision 082): the command stage on a real Vert.x over
 * H2 and in-process state.
 */
class BoundedEchoTest {

  static CommandNode node;
  String community;
  final Speaker ann = Speaker.viewer("ann");
  final Speaker mod = Speaker.moderator("max");

  @BeforeAll
  static void start() {
    node = CommandNode.embedded();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void freshCommunity() {
    community = "c" + UUID.randomUUID().toString().substring(0, 8);
  }

  List<String> say(Speaker who, String text) {
    return node.replies(chat(community, text, who));
  }

  void define(String name, String response, CommandPolicy policy) {
    await(
        node.store.putCommand(
            new CustomCommand(community, name, response, policy, true, "", "test", Instant.now())));
  }

  @Test
  void helpNeverEchoesUnboundedUserText() {
    String word = "x".repeat(490);
    List<String> replies = say(ann, "!help " + word);
    assertEquals(1, replies.size());
    String reply = replies.get(0);
    assertEquals("No command !" + "x".repeat(Echo.MAX) + Echo.ELLIPSIS + ". Try !commands.", reply);
    assertFalse(reply.contains("x".repeat(Echo.MAX + 1)), reply);
    // Mass mentions typed into the name are not repeated as mentions.
    assertEquals(List.of("No command !everyone. Try !commands."), say(ann, "!help @everyone"));
    assertEquals(List.of("No command !channel. Try !commands."), say(ann, "!help <!channel>"));
  }

  @Test
  void templateVariablesBoundWhatTheyRepeat() {
    define("echo", "${user} said: ${args} / ${arg1} / ${target}", CommandPolicy.OPEN);
    String word = "y".repeat(200);
    String bounded = "y".repeat(Echo.MAX) + Echo.ELLIPSIS;
    assertEquals(
        List.of("ann said: " + bounded + " / " + bounded + " / " + bounded),
        say(ann, "!echo " + word));
    assertEquals(List.of("ann said: hi here / hi / hi"), say(ann, "!echo hi @here"));
  }

  @Test
  void sayThroughAnAliasIsBoundedForViewersButNotForModerators() {
    assertEquals(List.of("!echo now runs !say."), say(mod, "!alias add !echo !say"));
    String text = "z".repeat(400);
    assertEquals(List.of("z".repeat(Echo.MAX) + Echo.ELLIPSIS), say(ann, "!echo " + text));
    assertEquals(List.of(text), say(mod, "!say " + text));
    // An alias passes its arguments on whole: a quote added through one is not cut.
    assertEquals(List.of("!qa now runs !quote add."), say(mod, "!alias add !qa !quote add"));
    assertTrue(say(mod, "!qa " + "q".repeat(120)).get(0).startsWith("Added quote #"));
  }
}
