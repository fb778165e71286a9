package dev.chorus.collector.twitch.irc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chorus.collector.twitch.TwitchIrcNormalizer;
import dev.chorus.event.EnvelopeJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzz target: any line either parses or is refused with {@link IrcFormatException}; a parsed line
 * answers every accessor and normalizes without an exception, to an envelope that encodes. In a
 * plain {@code mvn test} only the committed inputs run ({@code IrcParserFuzzTestInputs/}).
 */
class IrcParserFuzzTest {

  private static final TwitchIrcNormalizer NORMALIZER =
      new TwitchIrcNormalizer((roomId, login) -> "demo", "fuzz");

  @FuzzTest(maxDuration = "150s")
  void parse(byte[] input) {
    String line = new String(input, StandardCharsets.UTF_8);
    IrcMessage m;
    try {
      m = IrcParser.parse(line);
    } catch (IrcFormatException e) {
      return;
    }
    m.raw();
    m.tags();
    m.prefix();
    m.nick();
    m.user();
    m.host();
    m.params();
    m.trailing();
    for (int t = 0; t < m.tagCount(); t++) {
      m.tag("id");
    }
    if (IrcParser.parse(m.raw()).paramCount() != m.paramCount()) {
      throw new IllegalStateException("re-parsing the raw line changed it: " + line);
    }
    if (NORMALIZER.normalize(m, Instant.EPOCH) instanceof TwitchIrcNormalizer.Accepted a) {
      EnvelopeJson.encode(a.envelope());
    }
  }
}
