package dev.chorus.collector.twitch.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class IrcCommandsTest {

  @Test
  void loginSequence() {
    assertEquals("PASS oauth:abc123\r\n", IrcCommands.pass("oauth:abc123"));
    assertEquals("PASS oauth:abc123\r\n", IrcCommands.pass("abc123"));
    assertEquals("NICK chorusbot\r\n", IrcCommands.nick("chorusbot"));
    assertEquals(
        "CAP REQ :twitch.tv/tags twitch.tv/commands\r\n",
        IrcCommands.capReq(List.of("twitch.tv/tags", "twitch.tv/commands")));
    assertEquals("JOIN #ronni,#dallas\r\n", IrcCommands.join(List.of("#ronni", "dallas")));
    assertEquals("PART #ronni\r\n", IrcCommands.part("ronni"));
    assertEquals("PONG :tmi.twitch.tv\r\n", IrcCommands.pong("tmi.twitch.tv"));
    assertEquals("PONG :tmi.twitch.tv\r\n", IrcCommands.pong(null));
    assertEquals("PONG :a JOIN #x\r\n", IrcCommands.pong("a\nJOIN #x"));
  }

  @Test
  void privmsgCannotInjectASecondCommand() {
    assertEquals("PRIVMSG #ronni :Hello\r\n", IrcCommands.privmsg("#ronni", "Hello"));
    String line = IrcCommands.privmsg("ronni", "hi\r\nJOIN #other\0");
    assertEquals("PRIVMSG #ronni :hi  JOIN #other \r\n", line);
    IrcMessage parsed = IrcParser.parse(line);
    assertEquals("hi  JOIN #other ", parsed.trailing());
  }

  @Test
  void replyCarriesTheParentTag() {
    String line = IrcCommands.reply("ronni", "b34ccfc7-4977-403a-8a94-33c6bac34fb8", "pong");
    IrcMessage parsed = IrcParser.parse(line);
    assertEquals("b34ccfc7-4977-403a-8a94-33c6bac34fb8", parsed.tag("reply-parent-msg-id"));
    assertEquals("pong", parsed.trailing());
  }

  @Test
  void argumentsThatWouldSplitTheLineAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.pass("abc\r\nJOIN #x"));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.pass("oauth:"));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.nick("Bad Nick"));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.privmsg("#a b", "x"));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.privmsg("#a", "\r\n"));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.privmsg("#a", "x".repeat(501)));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.join(List.of("#a,#b")));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.capReq(List.of("a b")));
    assertThrows(IllegalArgumentException.class, () -> IrcCommands.reply("a", "x y", "t"));
    assertEquals(
        "PRIVMSG #a :" + "😀".repeat(500) + "\r\n", IrcCommands.privmsg("a", "😀".repeat(500)));
  }
}
