package dev.chorus.collector.twitch.chat;

import static dev.chorus.collector.twitch.chat.FakeTwitchIrc.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Twitch chat collector over TLS to a local peer whose certificate is self-signed: trusted when
 * {@code twitch.trustPath} names it, refused (the handshake fails, nothing is sent) when not.
 */
class TwitchChatTlsTest {

  static final String ROOM = "1001";
  static final String CHANNEL = "streamer";

  SelfSignedCertificate certificate;
  FakeTwitchIrc twitch;
  ChatNode node;

  @BeforeEach
  void setUp() {
    certificate = SelfSignedCertificate.create("localhost");
    twitch =
        new FakeTwitchIrc(
            "s3cr3t-token",
            Map.of(CHANNEL, ROOM),
            new NetServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()));
    node = new ChatNode(null, v -> new InProcessStateStore("t"));
    node.link("c1", ROOM, CHANNEL);
  }

  @AfterEach
  void tearDown() {
    node.close();
    twitch.close();
    certificate.delete();
  }

  static TwitchChatOptions tls(int port, String trustPath) {
    TwitchChatOptions o = ChatNode.options(port);
    return new TwitchChatOptions(
        "localhost", // the name in the certificate: the host name is verified
        port,
        true,
        o.login(),
        o.token(),
        o.capabilities(),
        o.backoffMin(),
        Duration.ofMillis(200),
        o.joinLimit(),
        o.joinWindow(),
        o.messageLimit(),
        o.privilegedMessageLimit(),
        o.messageWindow(),
        o.maxOutbound(),
        o.maxParts(),
        o.refresh(),
        o.ping(),
        o.journalTimeout(),
        o.leaseTtl(),
        trustPath,
        TwitchChatOptions.TCP,
        "");
  }

  @Test
  void theConfiguredTrustAcceptsThePeersCertificate() {
    node.start(tls(twitch.port(), certificate.certificatePath()));
    awaitTrue("join over TLS", () -> twitch.inChannel(CHANNEL) == 1);
    String id = twitch.say(CHANNEL, "42", "alice", "!say over tls");
    awaitTrue("reply", () -> twitch.lines("PRIVMSG").size() == 1);
    assertEquals("over tls", twitch.lines("PRIVMSG").get(0).message().trailing());
    assertEquals(id, twitch.lines("PRIVMSG").get(0).message().tag("reply-parent-msg-id"));
  }

  @Test
  void withoutTheTrustTheSelfSignedPeerIsRefusedAndRetried() {
    node.start(tls(twitch.port(), ""));
    // Each attempt fails the handshake and is retried with backoff.
    awaitTrue("several attempts", () -> node.collector.failedConnects() >= 3);
    assertTrue(twitch.lines("PASS").isEmpty(), "the token never went to an untrusted peer");
    assertEquals(0, twitch.connectionsSeen(), "no connection got past the handshake");
    assertEquals(0, twitch.inChannel(CHANNEL));
  }

  @Test
  void aTrustThatDoesNotNameThePeerIsRefusedToo() {
    SelfSignedCertificate stranger = SelfSignedCertificate.create("localhost");
    try {
      node.start(tls(twitch.port(), stranger.certificatePath()));
      awaitTrue("several attempts", () -> node.collector.failedConnects() >= 3);
      assertTrue(twitch.lines("PASS").isEmpty());
      assertEquals(0, twitch.connectionsSeen());
    } finally {
      stranger.delete();
    }
  }
}
