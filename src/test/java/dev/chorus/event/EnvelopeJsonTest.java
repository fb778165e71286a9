package dev.chorus.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the envelope's wire shape. If this test fails, the JSON other services read has changed:
 * make the change compatible (new optional fields only) or bump {@link Envelope#VERSION}, then
 * update {@code golden/envelope-v1.json} on purpose.
 */
class EnvelopeJsonTest {

  static Envelope sample() {
    return new Envelope(
        "0190b6e2-5c3a-7000-8000-000000000001",
        1,
        EventType.CHAT_MESSAGE,
        "demo",
        Platforms.TWITCH,
        new Channel("123456", "demo_channel"),
        new Author("u-42", "alice", "Alice", List.of("subscriber", "vip")),
        "!ping",
        Map.of("tags", "badge-info=;color=#FF0000"),
        Map.of(
            "person",
            new ContextKeys.Speaker("0190b6e2-5c3a-7000-8000-0000000000aa", "Alice"),
            "command",
            new ContextKeys.Command("ping", List.of(), true)),
        List.of(
            new Reply(
                "0190b6e2-5c3a-7000-8000-000000000002",
                "0190b6e2-5c3a-7000-8000-000000000001",
                Platforms.TWITCH,
                "123456",
                "pong",
                "command")),
        new RoutingSlip(List.of(new Step("egress", false, 2000, 0, true))),
        List.of(new Hop("identity", 120, "ok"), new Hop("command", 45, "ok")),
        Instant.parse("2026-11-23T12:00:00.123Z"),
        "gw-1");
  }

  static String golden() throws IOException {
    try (InputStream in = EnvelopeJsonTest.class.getResourceAsStream("/golden/envelope-v1.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  @Test
  void encodingMatchesTheGoldenJson() throws IOException {
    assertEquals(golden(), EnvelopeJson.encodeToString(sample()));
  }

  @Test
  void theGoldenJsonDecodesToTheSameEnvelope() throws IOException {
    assertEquals(sample(), EnvelopeJson.decode(golden()));
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() {
    String json =
        EnvelopeJson.encodeToString(sample()).replaceFirst("\\{", "{\"addedLater\":{\"x\":1},");
    assertEquals(sample(), EnvelopeJson.decode(json));
  }

  @Test
  void minimalEnvelopeOmitsEmptyOptionalParts() {
    Envelope e =
        new Envelope(
            "0190b6e2-5c3a-7000-8000-000000000003",
            0,
            "stream.raid",
            "demo",
            "twitch",
            new Channel("1", null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Instant.parse("2026-01-01T00:00:00Z"),
            null);
    String json = EnvelopeJson.encodeToString(e);
    assertEquals(
        "{\"id\":\"0190b6e2-5c3a-7000-8000-000000000003\",\"v\":1,\"type\":\"stream.raid\",\"community\":\"demo\","
            + "\"platform\":\"twitch\",\"channel\":{\"id\":\"1\",\"name\":\"1\"},\"context\":{},\"replies\":[],\"slip\":[],"
            + "\"trace\":[],\"receivedAt\":\"2026-01-01T00:00:00Z\"}",
        json);
    assertEquals(e, EnvelopeJson.decode(json));
  }

  @Test
  void invalidEnvelopesAreRefusedWithTheReason() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EnvelopeJson.decode(
                    "{\"id\":\"x\",\"type\":\"chat.message\",\"platform\":\"web\"}"));
    assertTrue(missing.getMessage().contains("community is required"), missing.getMessage());
    IllegalArgumentException badTime =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EnvelopeJson.decode(
                    EnvelopeJson.encodeToString(sample())
                        .replace("2026-11-23T12:00:00.123Z", "yesterday")));
    assertTrue(badTime.getMessage().contains("invalid envelope"), badTime.getMessage());
  }

  @Test
  void theWireCodecRoundTripsAndTheLocalCodecDoesNotCopy() {
    EnvelopeCodec codec = new EnvelopeCodec();
    io.vertx.core.buffer.Buffer buffer =
        io.vertx.core.buffer.Buffer.buffer().appendString("prefix");
    codec.encodeToWire(buffer, sample());
    assertEquals(sample(), codec.decodeFromWire(6, buffer));
    Envelope e = sample();
    if (Boolean.getBoolean(EnvelopeCodec.WIRE_HOPS_PROPERTY)) {
      assertEquals(e, codec.transform(e), "wire-hop mode: a copy through the JSON encoding");
    } else {
      assertTrue(e == codec.transform(e), "fast mode: the record itself");
    }
  }

  @Test
  void contextEntriesReadTheSameAfterALocalAndAWireHop() throws IOException {
    Envelope local = sample();
    Envelope remote = EnvelopeJson.decode(golden());
    for (Envelope e : List.of(local, remote)) {
      assertEquals(
          new ContextKeys.Speaker("0190b6e2-5c3a-7000-8000-0000000000aa", "Alice"),
          e.get(ContextKeys.PERSON).orElseThrow());
      assertEquals(
          new ContextKeys.Command("ping", List.of(), true),
          e.get(ContextKeys.COMMAND).orElseThrow());
      assertTrue(e.get(ContextKeys.STOPPED).isEmpty());
    }
  }

  @Test
  void aContextEntryOfTheWrongShapeIsRefusedNamingTheKey() {
    String json =
        EnvelopeJson.encodeToString(sample())
            .replace("\"personId\":\"0190b6e2-5c3a-7000-8000-0000000000aa\"", "\"personId\":[1,2]");
    Envelope e = EnvelopeJson.decode(json);
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> e.get(ContextKeys.PERSON));
    assertTrue(bad.getMessage().startsWith("context entry 'person'"), bad.getMessage());
  }

  @Test
  void stopKeepsOnlyAlwaysSteps() {
    Envelope e =
        sample()
            .withSlip(
                new RoutingSlip(
                    List.of(
                        new Step("command", false, 100, 0, false),
                        new Step("ai", true, 100, 0, false),
                        new Step("egress", false, 100, 0, true))));
    Envelope stopped = e.stop("moderation", "spam");
    assertEquals(List.of("egress"), stopped.slip().steps().stream().map(Step::stage).toList());
    assertTrue(stopped.isStopped());
    assertEquals(
        new ContextKeys.Stopped("moderation", "spam"),
        stopped.get(ContextKeys.STOPPED).orElseThrow());
  }

  // --- moderation, analysis and ai context entries ---

  static Envelope withModerationAndAi() {
    return sample()
        .with(
            ContextKeys.MODERATION,
            new ContextKeys.Moderation(
                "timeout:60",
                "obfuscated_links",
                1.0,
                "hidden link: sketchy.com",
                List.of(
                    new ContextKeys.ModerationFinding(
                        "obfuscated_links", "timeout:60", 1.0, "hidden link: sketchy.com")),
                false,
                false,
                "u-42",
                "tw-1"))
        .with(
            ContextKeys.ANALYSIS,
            new ContextKeys.Analysis("question_to_bot", true, "mention", "en", 0.6))
        .with(
            ContextKeys.AI,
            new ContextKeys.AiReply("replied", "gpt-test", List.of("f-17"), 60, 10, false, null));
  }

  @Test
  void moderationAnalysisAndAiEntriesMatchTheirGoldenJsonAndReadBack() throws IOException {
    String golden;
    try (InputStream in =
        EnvelopeJsonTest.class.getResourceAsStream("/golden/context-moderation-ai-v1.json")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    var tree = EnvelopeJson.mapper().readTree(EnvelopeJson.encodeToString(withModerationAndAi()));
    var context = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("context");
    context.remove(List.of("person", "command"));
    assertEquals(EnvelopeJson.mapper().readTree(golden), context);
    Envelope remote = EnvelopeJson.decode(EnvelopeJson.encodeToString(withModerationAndAi()));
    for (Envelope e : List.of(withModerationAndAi(), remote)) {
      ContextKeys.Moderation m = e.get(ContextKeys.MODERATION).orElseThrow();
      assertEquals(60, m.timeoutSeconds());
      assertTrue(m.removesMessage());
      assertEquals("mention", e.get(ContextKeys.ANALYSIS).orElseThrow().addressedBy());
      assertEquals(List.of("f-17"), e.get(ContextKeys.AI).orElseThrow().citedFactIds());
    }
  }
}
