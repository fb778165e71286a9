package dev.chorus.collector.discord;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chorus.event.EnvelopeJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Fuzz targets: a Gateway payload parses or is refused with {@link GatewayFormatException} and
 * normalizes without an exception; a correctly signed interaction with any body never throws.
 */
class DiscordFuzzTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_795_000_000L);
  private static final String TS = Long.toString(NOW.getEpochSecond());
  private static final DiscordKeys KEYS = new DiscordKeys();
  private static final DiscordInteractions INTERACTIONS =
      new DiscordInteractions(new DiscordSignatureVerifier(KEYS.publicHex()));
  private static final DiscordNormalizer NORMALIZER = new DiscordNormalizer(guild -> "demo", "f");

  @FuzzTest(maxDuration = "150s")
  void gateway(byte[] input) {
    GatewayPayload payload;
    try {
      payload = GatewayPayload.parse(new String(input, StandardCharsets.UTF_8));
    } catch (GatewayFormatException e) {
      return;
    }
    payload.toJson();
    payload.heartbeatInterval();
    if (NORMALIZER.normalize(payload, NOW) instanceof DiscordNormalizer.Accepted a) {
      EnvelopeJson.encode(a.envelope());
    }
  }

  @FuzzTest(maxDuration = "150s")
  void interaction(byte[] body) {
    Map<String, String> headers =
        Map.of(
            DiscordSignatureVerifier.TIMESTAMP,
            TS,
            DiscordSignatureVerifier.SIGNATURE,
            KEYS.sign(TS, body));
    InteractionOutcome outcome = INTERACTIONS.handle(headers::get, body, NOW);
    if (outcome instanceof InteractionOutcome.Rejected) {
      throw new IllegalStateException("a signed, fresh request was rejected: " + outcome);
    }
  }
}
