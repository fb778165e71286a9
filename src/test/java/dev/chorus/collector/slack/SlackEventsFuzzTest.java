package dev.chorus.collector.slack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chorus.collector.twitch.eventsub.InMemorySeenIds;
import dev.chorus.event.EnvelopeJson;
import java.time.Instant;
import java.util.Map;

/** Fuzz target: a correctly signed Slack request with any body never throws. */
class SlackEventsFuzzTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_795_000_000L);
  private static final String TS = Long.toString(NOW.getEpochSecond());
  private static final SlackSignatureVerifier VERIFIER =
      new SlackSignatureVerifier("8f742231b10e8888abcd99yyyzzz85a5");

  @FuzzTest(maxDuration = "150s")
  void events(byte[] body) {
    SlackEvents events = new SlackEvents(VERIFIER, new InMemorySeenIds(16), team -> "demo", "fuzz");
    Map<String, String> headers =
        Map.of(
            SlackSignatureVerifier.TIMESTAMP,
            TS,
            SlackSignatureVerifier.SIGNATURE,
            VERIFIER.sign(TS, body));
    SlackOutcome outcome = events.handle(headers::get, body, NOW);
    if (outcome instanceof SlackOutcome.Rejected) {
      throw new IllegalStateException("a signed, fresh request was rejected: " + outcome);
    }
    if (outcome instanceof SlackOutcome.Message m) {
      EnvelopeJson.encode(m.envelope());
    }
  }
}
