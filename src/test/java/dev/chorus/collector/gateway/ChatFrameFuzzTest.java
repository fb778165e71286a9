package dev.chorus.collector.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chorus.event.EnvelopeJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * Fuzz target: any {@code /ws/chat} text frame is either an envelope within the limits or an error
 * with one of the documented codes; parsing never throws. An accepted frame has bounded, printable
 * text and encodes as an envelope. In a plain {@code mvn test} only the committed inputs run
 * ({@code ChatFrameFuzzTestInputs/}).
 */
class ChatFrameFuzzTest {

  private static final int MAX_FRAME = 4096;
  private static final int MAX_TEXT = 200;
  private static final Set<String> CODES =
      Set.of(
          ChatFrame.FRAME_TOO_LARGE,
          ChatFrame.INVALID_JSON,
          ChatFrame.MISSING_FIELD,
          ChatFrame.INVALID_FIELD,
          ChatFrame.UNKNOWN_TYPE,
          ChatFrame.TEXT_TOO_LONG);

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] input) {
    String frame = new String(input, StandardCharsets.UTF_8);
    ChatFrame.Parsed parsed = ChatFrame.parse(frame, MAX_FRAME, MAX_TEXT, Instant.EPOCH, "fuzz");
    if (!parsed.ok()) {
      if (!CODES.contains(parsed.code()) || parsed.message() == null) {
        throw new IllegalStateException("undocumented refusal " + parsed + " for " + frame);
      }
      return;
    }
    String text = parsed.envelope().text();
    if (text.codePointCount(0, text.length()) > MAX_TEXT || ChatFrame.hasControl(text)) {
      throw new IllegalStateException("accepted text out of bounds: " + frame);
    }
    if (parsed.clientId() != null && parsed.clientId().length() != 36) {
      throw new IllegalStateException("client id not a UUID: " + parsed.clientId());
    }
    EnvelopeJson.encode(parsed.envelope());
  }
}
