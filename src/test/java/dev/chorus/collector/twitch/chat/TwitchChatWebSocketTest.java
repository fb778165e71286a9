package dev.chorus.collector.twitch.chat;

import static dev.chorus.collector.twitch.chat.FakeTwitchIrc.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Envelope;
import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Twitch chat collector over {@code twitch.transport=websocket}: the same IRC lines in
 * WebSocket text frames, the server sending several lines per frame and the client one per frame,
 * against the local Twitch-dialect peer's WebSocket endpoint.
 */
class TwitchChatWebSocketTest {

  static final String ROOM = "1001";
  static final String CHANNEL = "streamer";

  FakeTwitchIrc twitch;
  ChatNode node;

  @BeforeEach
  void setUp() {
    twitch = new FakeTwitchIrc("s3cr3t-token", Map.of(CHANNEL, ROOM));
    node = new ChatNode(null, v -> new InProcessStateStore("t"));
    node.link("c1", ROOM, CHANNEL);
  }

  @AfterEach
  void tearDown() {
    node.close();
    twitch.close();
  }

  @Test
  void logsInJoinsAndAnswersOverAWebSocketOneLinePerFrame() {
    node.start(ChatNode.options(0).overWebSocket(twitch.webSocketUrl()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    String id = twitch.say(CHANNEL, "42", "alice", "!say hello over ws");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
    List<String> frames = twitch.frames();
    assertEquals("CAP REQ :twitch.tv/tags twitch.tv/commands twitch.tv/membership", frames.get(0));
    assertEquals("PASS oauth:s3cr3t-token", frames.get(1));
    assertEquals("NICK chorusbot", frames.get(2));
    assertTrue(frames.contains("JOIN #" + CHANNEL), frames.toString());
    assertEquals(
        "@reply-parent-msg-id=" + id + " PRIVMSG #" + CHANNEL + " :hello over ws",
        frames.get(frames.size() - 1));
    for (String frame : frames) {
      assertTrue(!frame.contains("\r") && !frame.contains("\n"), "one bare line per frame");
    }
    assertEquals(0, twitch.lines("PASS").size() - 1, "logged in once");
  }

  @Test
  void severalLinesInOneFrameAreEachAnEvent() {
    node.start(ChatNode.options(0).overWebSocket(twitch.webSocketUrl()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    long ts = System.currentTimeMillis();
    twitch
        .clients()
        .get(0)
        .sendFrame(
            twitch.chatLine(
                CHANNEL, "b6d3c2f1-0000-4000-8000-00000000000a", ts, "42", "alice", "one"),
            "PING :tmi.twitch.tv",
            twitch.chatLine(
                CHANNEL, "b6d3c2f1-0000-4000-8000-00000000000b", ts + 1, "43", "bob", "two"));
    awaitTrue("both routed", () -> node.routed().size() == 2);
    assertEquals(List.of("one", "two"), node.routed().stream().map(Envelope::text).toList());
    awaitTrue("pong", () -> twitch.lines("PONG").size() == 1);
  }

  @Test
  void aReconnectRequestAndADropOverTheWebSocketRejoin() {
    node.start(ChatNode.options(0).overWebSocket(twitch.webSocketUrl()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.sendAll(":tmi.twitch.tv RECONNECT");
    awaitTrue("second connection", () -> twitch.connectionsSeen() == 2);
    awaitTrue("rejoined", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.dropAll();
    awaitTrue("third connection", () -> twitch.connectionsSeen() == 3);
    awaitTrue("rejoined again", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.say(CHANNEL, "42", "alice", "!say still here");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
    assertEquals("still here", twitch.lines("PRIVMSG").get(0).message().trailing());
  }

  @Test
  void anOverlongFrameLineMakesItReconnect() {
    node.start(ChatNode.options(0).overWebSocket(twitch.webSocketUrl()));
    awaitTrue("join", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.broadcast(CHANNEL, "@a=b PRIVMSG #streamer :" + "x".repeat(20_000));
    awaitTrue("reconnected", () -> twitch.connectionsSeen() >= 2);
    awaitTrue("rejoined", () -> twitch.inChannel(CHANNEL) == 1);
    twitch.say(CHANNEL, "42", "alice", "!say fine");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
  }

  @Test
  void wssWithTheConfiguredTrust() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    FakeTwitchIrc secure =
        new FakeTwitchIrc(
            "s3cr3t-token",
            Map.of(CHANNEL, ROOM),
            new NetServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()));
    try {
      node.start(
          ChatNode.options(0)
              .overWebSocket(secure.webSocketUrl())
              .withTrust(certificate.certificatePath()));
      awaitTrue("join over wss", () -> secure.inChannel(CHANNEL) == 1);
    } finally {
      secure.close();
      certificate.delete();
    }
  }
}
