package dev.chorus.collector.twitch.chat;

import static dev.chorus.collector.twitch.chat.FakeTwitchIrc.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.twitch.chat.FakeTwitchIrc.Received;
import dev.chorus.event.Envelope;
import dev.chorus.state.inprocess.InProcessStateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Twitch chat collector against a local peer speaking Twitch's IRC dialect. */
class TwitchChatVerticleTest {

  static final String ROOM = "1001";
  static final String CHANNEL = "streamer";

  FakeTwitchIrc twitch;
  ChatNode node;

  @BeforeEach
  void setUp() {
    twitch = new FakeTwitchIrc("s3cr3t-token", Map.of(CHANNEL, ROOM, "other", "1002"));
    node = new ChatNode(null, v -> new InProcessStateStore("t"));
    node.link("c1", ROOM, CHANNEL);
  }

  @AfterEach
  void tearDown() {
    node.close();
    twitch.close();
  }

  @Test
  void logsInWithTheTokenRequestsTheCapabilitiesAndJoinsTheLinkedChannel() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    Received cap = twitch.lines("CAP").get(0);
    assertEquals(
        "twitch.tv/tags twitch.tv/commands twitch.tv/membership", cap.message().trailing());
    assertEquals("oauth:s3cr3t-token", twitch.lines("PASS").get(0).message().param(0));
    assertEquals("chorusbot", twitch.lines("NICK").get(0).message().param(0));
    awaitTrue("CAP END", () -> twitch.lines("CAP").size() == 2);
    assertEquals("END", twitch.lines("CAP").get(1).message().param(0));
    assertEquals(1, twitch.lines("JOIN").size());
  }

  @Test
  void aChatMessageBecomesAnEventAndItsReplyAPrivmsg() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    String id = twitch.say(CHANNEL, "42", "alice", "!say hello alice");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
    Received reply = twitch.lines("PRIVMSG").get(0);
    // A reply to a message is a reply in Twitch's thread of that message.
    assertEquals(
        "@reply-parent-msg-id=" + id + " PRIVMSG #" + CHANNEL + " :hello alice",
        reply.message().raw());
    assertEquals("#" + CHANNEL, reply.message().param(0));
    assertEquals("hello alice", reply.message().trailing());
    Envelope e = node.routed().get(0);
    assertEquals("c1", e.community());
    assertEquals("42", e.author().id());
    assertEquals("alice", e.author().login());
    assertEquals(ROOM, e.channel().id());
    assertTrue(e.id().length() > 30, id);
  }

  @Test
  void aLongReplyIsSplitIntoMessagesTwitchAccepts() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    node.reply(ROOM, ("word ".repeat(220)).trim());
    awaitTrue("parts", () -> twitch.lines("PRIVMSG").size() == 3);
    for (Received part : twitch.lines("PRIVMSG")) {
      assertTrue(part.message().trailing().length() <= 500);
      assertEquals(0, part.message().tagCount(), "a reply to no message is a plain message");
    }
  }

  @Test
  void everyPartOfALongReplyToAMessageIsInItsThread() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    String id = twitch.say(CHANNEL, "42", "alice", "!say " + ("word ".repeat(150)).trim());
    awaitTrue("parts", () -> twitch.lines("PRIVMSG").size() == 2);
    for (Received part : twitch.lines("PRIVMSG")) {
      assertEquals(id, part.message().tag("reply-parent-msg-id"));
      assertTrue(part.message().raw().startsWith("@reply-parent-msg-id=" + id + " PRIVMSG #"));
    }
  }

  @Test
  void pingIsAnsweredWithPong() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.sendAll("PING :tmi.twitch.tv");
    awaitTrue("pong", () -> !twitch.lines("PONG").isEmpty());
    assertEquals("tmi.twitch.tv", twitch.lines("PONG").get(0).message().trailing());
  }

  @Test
  void refusedCapabilitiesAreDoneWithout() {
    twitch.refuseCapabilities();
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    assertEquals("END", twitch.lines("CAP").get(1).message().param(0));
  }

  @Test
  void reconnectsAndRejoinsOnReconnectAndOnADrop() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.sendAll(":tmi.twitch.tv RECONNECT");
    awaitTrue("second connection", () -> twitch.connectionsSeen() == 2);
    awaitTrue("rejoined", () -> twitch.inChannel(CHANNEL) == 1 && twitch.lines("JOIN").size() == 2);
    twitch.dropAll();
    awaitTrue("third connection", () -> twitch.connectionsSeen() == 3);
    awaitTrue("rejoined", () -> twitch.inChannel(CHANNEL) == 1 && twitch.lines("JOIN").size() == 3);
    twitch.say(CHANNEL, "42", "alice", "!say still here");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
  }

  @Test
  void repliesQueuedBehindTheRateLimitSurviveADrop() {
    Duration window = Duration.ofMillis(1500);
    node.start(ChatNode.options(twitch.port(), 3, window, Duration.ZERO));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    for (int i = 0; i < 8; i++) {
      node.reply(ROOM, "reply " + i);
    }
    awaitTrue("first replies", () -> twitch.lines("PRIVMSG").size() >= 3);
    twitch.dropAll();
    awaitTrue("all replies", () -> twitch.lines("PRIVMSG").size() >= 8);
    List<String> texts = twitch.lines("PRIVMSG").stream().map(r -> r.message().trailing()).toList();
    assertEquals(
        List.of(
            "reply 0", "reply 1", "reply 2", "reply 3", "reply 4", "reply 5", "reply 6", "reply 7"),
        texts);
    assertTrue(twitch.connectionsSeen() >= 2);
    RateWindows.assertWithin(twitch.lines("PRIVMSG"), 3, window);
  }

  @Test
  void aLinkAddedAtRunTimeIsJoinedAndARemovedOneParted() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    node.link("c2", "1002", "other");
    awaitTrue("join other", () -> twitch.inChannel("other") == 1);
    dev.chorus.store.TestServices.await(node.communities.unlink("twitch", "1002"));
    awaitTrue("part other", () -> twitch.inChannel("other") == 0);
    assertEquals(1, twitch.inChannel(CHANNEL));
  }

  @Test
  void aWrongTokenIsRetriedWithBackoffWithoutCrashing() {
    FakeTwitchIrc strict = new FakeTwitchIrc("another-token", Map.of(CHANNEL, ROOM));
    try {
      node.start(ChatNode.options(strict.port()));
      awaitTrue("retries", () -> strict.connectionsSeen() >= 3);
      assertEquals(0, strict.inChannel(CHANNEL));
    } finally {
      strict.close();
    }
  }

  @Test
  void garbageAndOverlongLinesFromTheServerDoNotStopTheCollector() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.broadcast(CHANNEL, "@=bad :x PRIVMSG #streamer :no key");
    twitch.broadcast(CHANNEL, "\u0000\u0001 garbage");
    twitch.broadcast(CHANNEL, ":x PRIVMSG #streamer :no tags at all");
    twitch.broadcast(CHANNEL, "@a=b PRIVMSG #streamer :" + "x".repeat(20_000));
    awaitTrue("reconnected after the overlong line", () -> twitch.connectionsSeen() >= 2);
    awaitTrue("rejoined", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.say(CHANNEL, "42", "alice", "!say fine");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
    assertEquals(1, node.routed().size());
  }

  @Test
  void theSameMessageSeenTwiceIsOneEvent() {
    node.start(ChatNode.options(twitch.port()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    long ts = System.currentTimeMillis();
    twitch.sayWithId(CHANNEL, "b6d3c2f1-0000-4000-8000-000000000001", ts, "42", "alice", "hi");
    twitch.sayWithId(CHANNEL, "b6d3c2f1-0000-4000-8000-000000000001", ts, "42", "alice", "hi");
    twitch.say(CHANNEL, "42", "alice", "!say done");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
    assertEquals(2, node.routed().size());
  }
}
