package dev.chorus.collector.twitch.chat;

import static dev.chorus.collector.twitch.chat.FakeTwitchIrc.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.community.CommunityStore;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Chorus process with the {@code twitch} role against a local Twitch-dialect IRC peer: a
 * channel linked at run time is joined, and {@code !ping} typed there is answered {@code pong}
 * there, through the journal, the router, the stages and egress.
 */
class TwitchChatEndToEndTest {

  @TempDir static Path dataDir;
  static FakeTwitchIrc twitch;
  static Chorus chorus;

  @BeforeAll
  static void start() throws Exception {
    twitch = new FakeTwitchIrc("e2e-token", Map.of("streamer", "1001"));
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "twitch.login", "chorusbot",
                "twitch.token", "e2e-token",
                "twitch.host", "127.0.0.1",
                "twitch.port", String.valueOf(twitch.port()),
                "twitch.tls", "false",
                "twitch.refreshMs", "200"));
  }

  @AfterAll
  static void stop() {
    if (chorus != null) {
      chorus.stop().await();
    }
    if (twitch != null) {
      twitch.close();
    }
  }

  @Test
  void pingInTwitchChatIsAnsweredInTwitchChat() {
    CommunityStore communities = chorus.port(CommunityStore.class);
    await(communities.upsert("e2e", "E2E"));
    await(communities.link("e2e", "twitch", "1001", "streamer"));
    awaitTrue("joined", () -> twitch.inChannel("streamer") == 1);
    twitch.say("streamer", "42", "alice", "!ping");
    awaitTrue("pong", () -> twitch.lines("PRIVMSG").size() == 1);
    FakeTwitchIrc.Received reply = twitch.lines("PRIVMSG").get(0);
    assertEquals("#streamer", reply.message().param(0));
    assertEquals("pong", reply.message().trailing());
  }
}
