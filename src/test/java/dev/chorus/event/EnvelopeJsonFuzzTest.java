package dev.chorus.event;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzz target: any bytes either decode to an envelope or are refused with {@link
 * IllegalArgumentException} (the event-bus codec and the journal rely on that); a decoded envelope
 * encodes, and its encoding is stable through another decode. In a plain {@code mvn test} only the
 * committed inputs run ({@code EnvelopeJsonFuzzTestInputs/}); {@code JAZZER_FUZZ=1} fuzzes.
 */
class EnvelopeJsonFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] input) {
    Envelope envelope;
    try {
      envelope = EnvelopeJson.decode(input);
    } catch (IllegalArgumentException refused) {
      return;
    }
    byte[] once = EnvelopeJson.encode(envelope);
    byte[] twice = EnvelopeJson.encode(EnvelopeJson.decode(once));
    if (!Arrays.equals(once, twice)) {
      throw new IllegalStateException(
          "encoding changed through a decode: " + new String(once) + " / " + new String(twice));
    }
  }
}
