package dev.chorus.collector.twitch.eventsub;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chorus.event.EnvelopeJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzz target: a correctly signed EventSub request with any message type and body never throws. An
 * input is the message type, a newline, and the body (the committed inputs read that way).
 */
class EventSubFuzzTest {

  private static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");
  private static final String TIMESTAMP = "2026-11-23T17:59:59.5Z";

  private long messages;

  @FuzzTest(maxDuration = "150s")
  void webhook(byte[] input) {
    int newline = indexOf(input, (byte) '\n');
    String type =
        newline < 0 ? "notification" : new String(input, 0, newline, StandardCharsets.UTF_8);
    byte[] body = newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length);
    EventSubVerifier verifier =
        new EventSubVerifier(EventSubFixtures.SECRET, new InMemorySeenIds(16));
    EventSubWebhook webhook =
        new EventSubWebhook(
            verifier,
            new EventSubNormalizer((id, login) -> "1337".equals(id) ? "demo" : null, "f"));
    String id = "fuzz-" + messages++;
    Map<String, String> headers =
        Map.of(
            EventSubVerifier.MESSAGE_ID, id,
            EventSubVerifier.TIMESTAMP, TIMESTAMP,
            EventSubVerifier.SIGNATURE, verifier.sign(id, TIMESTAMP, body),
            EventSubVerifier.MESSAGE_TYPE, type);
    EventSubOutcome outcome = webhook.handle(headers::get, body, NOW);
    if (outcome instanceof EventSubOutcome.Rejected) {
      throw new IllegalStateException("a signed, fresh request was rejected: " + outcome);
    }
    if (outcome instanceof EventSubOutcome.Notification n) {
      EnvelopeJson.encode(n.envelope());
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
