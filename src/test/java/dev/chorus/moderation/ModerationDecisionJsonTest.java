package dev.chorus.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.moderation.history.ChannelHistory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A decision travels in the envelope's context, so it must read the same after a JSON hop. */
class ModerationDecisionJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void aDecisionSurvivesAJsonHop() throws Exception {
    ModerationEngine engine = new ModerationEngine(ModerationSettings.defaults());
    ModerationDecision decision =
        engine.evaluate(
            ModerationInput.of(
                "u1", "CHEAP FOLLOWS AT GROWFAST DOT NET RIGHT NOW FRIENDS", Instant.EPOCH),
            ChannelHistory.EMPTY,
            0.91);
    String json = mapper.writeValueAsString(decision);
    assertTrue(json.contains("\"action\":\"timeout:60\""), json);
    assertTrue(json.contains("\"rule\":\"obfuscated_links\""), json);
    assertEquals(decision, mapper.readValue(json, ModerationDecision.class));
  }

  @Test
  void anAllowedDecisionSurvivesAJsonHop() throws Exception {
    String json = mapper.writeValueAsString(ModerationDecision.ALLOW);
    assertEquals(ModerationDecision.ALLOW, mapper.readValue(json, ModerationDecision.class));
  }
}
