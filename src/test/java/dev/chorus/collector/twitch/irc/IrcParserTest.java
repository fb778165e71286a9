package dev.chorus.collector.twitch.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrcParserTest {

  static final String PRIVMSG =
      "@badge-info=subscriber/8;badges=broadcaster/1,subscriber/6;client-nonce=2a0d3c5e;"
          + "color=#0000FF;display-name=Ronni;emotes=25:0-4,12-16/1902:6-10;first-msg=0;flags=;"
          + "id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;mod=0;returning-chatter=0;room-id=1337;"
          + "subscriber=1;tmi-sent-ts=1507246572675;turbo=1;user-id=1337;user-type=global_mod"
          + " :ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #ronni :Kappa Keepo Kappa";

  @Test
  void privmsgWithFullTags() {
    IrcMessage m = IrcParser.parse(PRIVMSG);
    assertSame("PRIVMSG", m.command());
    assertEquals(17, m.tagCount());
    assertEquals("Ronni", m.tag("display-name"));
    assertEquals("broadcaster/1,subscriber/6", m.tag("badges"));
    assertEquals("", m.tag("flags"));
    assertEquals("1507246572675", m.tag("tmi-sent-ts"));
    assertNull(m.tag("bits"));
    assertEquals("ronni", m.nick());
    assertEquals("ronni", m.user());
    assertEquals("ronni.tmi.twitch.tv", m.host());
    assertEquals("ronni!ronni@ronni.tmi.twitch.tv", m.prefix());
    assertEquals(List.of("#ronni"), m.params());
    assertEquals("Kappa Keepo Kappa", m.trailing());
    assertEquals(PRIVMSG, m.raw());
    assertEquals("user-type", m.tags().keySet().stream().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void tagValuesAreUnescaped() {
    IrcMessage m =
        IrcParser.parse(
            "@a=one\\stwo;b=semi\\:colon;c=back\\\\slash;d=cr\\rlf\\n;e=trailing\\;f=\\x\\y;g;h="
                + " :tmi.twitch.tv NOTICE #c :x");
    assertEquals("one two", m.tag("a"));
    assertEquals("semi;colon", m.tag("b"));
    assertEquals("back\\slash", m.tag("c"));
    assertEquals("cr\rlf\n", m.tag("d"));
    assertEquals("trailing", m.tag("e"));
    assertEquals("xy", m.tag("f"));
    assertEquals("", m.tag("g"));
    assertEquals("", m.tag("h"));
    assertTrue(m.hasTag("g"));
    assertEquals("one two", m.tags().get("a"));
  }

  @Test
  void manyShortTagsAndRunsOfSpaces() {
    StringBuilder line = new StringBuilder("@");
    for (int t = 0; t < 40; t++) {
      line.append(t == 0 ? "" : ";").append((char) ('a' + t % 26)).append(t);
    }
    IrcMessage m = IrcParser.parse(line + "   PRIVMSG   #a   b  :c d");
    assertEquals(40, m.tagCount());
    assertTrue(m.hasTag("n39"));
    assertEquals("", m.tag("a0"));
    assertEquals(List.of("#a", "b"), m.params());
    assertEquals("c d", m.trailing());
  }

  @Test
  void lastValueOfARepeatedKeyWins() {
    IrcMessage m = IrcParser.parse("@k=1;k=2 PING :x");
    assertEquals("2", m.tag("k"));
    assertEquals("2", m.tags().get("k"));
    assertEquals(1, m.tags().size());
  }

  @Test
  void pingWithoutTagsOrPrefix() {
    IrcMessage m = IrcParser.parse("PING :tmi.twitch.tv\r\n");
    assertSame("PING", m.command());
    assertEquals(0, m.tagCount());
    assertNull(m.prefix());
    assertNull(m.nick());
    assertEquals(0, m.paramCount());
    assertEquals("tmi.twitch.tv", m.trailing());
    assertEquals("PING :tmi.twitch.tv", m.raw());
  }

  @Test
  void serverPrefixAndMiddleParams() {
    IrcMessage m = IrcParser.parse(":ronni.tmi.twitch.tv 353 ronni = #ronni :ronni alice bob");
    assertEquals("353", m.command());
    assertEquals("ronni.tmi.twitch.tv", m.nick());
    assertNull(m.user());
    assertNull(m.host());
    assertEquals(List.of("ronni", "=", "#ronni"), m.params());
    assertEquals("=", m.param(1));
    assertNull(m.param(3));
    assertEquals("ronni alice bob", m.trailing());
  }

  @Test
  void clearchatWithoutTrailingAndEmptyTrailing() {
    IrcMessage m =
        IrcParser.parse(
            "@room-id=12345678;tmi-sent-ts=1642715695392 :tmi.twitch.tv CLEARCHAT #dallas");
    assertSame("CLEARCHAT", m.command());
    assertEquals("#dallas", m.param(0));
    assertFalse(m.hasTrailing());
    assertNull(m.trailing());
    assertEquals("", IrcParser.parse("PRIVMSG #a :").trailing());
  }

  @Test
  void unknownCommandAndNumericsAreKept() {
    assertEquals("FOO", IrcParser.parse("FOO bar").command());
    assertEquals("999", IrcParser.parse(":srv 999 x").command());
    assertEquals("privmsg", IrcParser.parse("privmsg #a :b").command());
  }

  @Test
  void lineAtTheLimitsParsesAndBeyondIsRefused() {
    String tags = "@k=" + "v".repeat(IrcParser.MAX_TAG_BYTES - 4) + " ";
    String body = "PRIVMSG #a :" + "é".repeat((IrcParser.MAX_BODY_BYTES - 12) / 2);
    assertEquals(IrcParser.MAX_TAG_BYTES, tags.length());
    IrcMessage m = IrcParser.parse(tags + body);
    assertEquals(IrcParser.MAX_TAG_BYTES - 4, m.tag("k").length());
    assertThrows(
        IrcFormatException.class, () -> IrcParser.parse("@k=v" + tags.substring(3) + body));
    assertThrows(IrcFormatException.class, () -> IrcParser.parse(tags + body + "é"));
    assertThrows(IrcFormatException.class, () -> IrcParser.parse("x".repeat(20_000)));
  }

  @Test
  void moreThanFifteenParametersIsRefused() {
    String fifteen = "CMD" + " p".repeat(15);
    assertEquals(15, IrcParser.parse(fifteen).paramCount());
    assertEquals("p", IrcParser.parse(fifteen).param(14));
    assertThrows(IrcFormatException.class, () -> IrcParser.parse(fifteen + " p"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "\r\n",
        "@a=1",
        "@a=1 ",
        "@ PING",
        "@a=1;;b=2 PING",
        "@=1 PING",
        "@a=1; PING",
        "@a\\b=1 PING",
        ":",
        ": PING",
        ":nick",
        ":nick ",
        "PRIV-MSG #a",
        "1234 x",
        "PING :a\rb",
        "PING a\nb",
        "PING :a\0b",
        "@a=x\0y PING",
        ":ni\nck PING"
      })
  void malformedLinesAreRefusedWithAReason(String line) {
    IrcFormatException e = assertThrows(IrcFormatException.class, () -> IrcParser.parse(line));
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void nullIsMalformed() {
    assertThrows(IrcFormatException.class, () -> IrcParser.parse(null));
  }

  @Test
  void equalityIsByLine() {
    assertEquals(IrcParser.parse("PING :x\r\n"), IrcParser.parse("PING :x"));
    assertEquals(IrcParser.parse("PING :x").hashCode(), IrcParser.parse("PING :x\n").hashCode());
  }
}
