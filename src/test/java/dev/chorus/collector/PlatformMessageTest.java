package dev.chorus.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Envelopes of platform messages carry the deterministic id, whoever builds them and when. */
class PlatformMessageTest {

  private static final Instant SENT = Instant.parse("2026-11-23T19:00:00.123Z");

  private static PlatformMessage message(String platformMessageId) {
    return PlatformMessage.of(Platforms.DISCORD, "demo", platformMessageId, SENT)
        .channel(new Channel("111", "general"))
        .author(new Author("222", "alice", "Alice", List.of()))
        .text("hi");
  }

  @Test
  void theSameMessageBuiltTwiceHasTheSameId() {
    Envelope first = message("1180000000000000001").receivedAt(SENT.plusMillis(5)).envelope();
    Envelope second = message("1180000000000000001").receivedAt(SENT.plusSeconds(30)).envelope();
    assertEquals(first.id(), second.id());
    assertEquals(
        Ids.forPlatformMessage(Platforms.DISCORD, "demo", "1180000000000000001", SENT), first.id());
    assertEquals(SENT.toEpochMilli(), Ids.timestampOf(first.id()));
  }

  @Test
  void anotherMessageHasAnotherId() {
    assertNotEquals(message("1").id(), message("2").id());
    assertNotEquals(
        message("1").id(),
        PlatformMessage.of(Platforms.DISCORD, "other", "1", SENT).id(),
        "ids are scoped by community");
  }

  @Test
  void theEnvelopeCarriesWhatWasSetAndLeavesTheOriginToTheIngestClient() {
    Instant received = SENT.plusMillis(7);
    Envelope e =
        message("9")
            .type(EventType.STREAM_RAID)
            .raw(Map.of("viewers", 12))
            .receivedAt(received)
            .envelope();
    assertEquals(EventType.STREAM_RAID, e.type());
    assertEquals(Platforms.DISCORD, e.platform());
    assertEquals("demo", e.community());
    assertEquals("111", e.channel().id());
    assertEquals("222", e.author().id());
    assertEquals("hi", e.text());
    assertEquals(Map.of("viewers", 12), e.raw());
    assertEquals(received, e.receivedAt());
    assertNull(e.origin());
    assertEquals(EventType.CHAT_MESSAGE, message("9").envelope().type());
  }

  @Test
  void missingPartsAreRefusedWithTheirName() {
    IllegalArgumentException noChannel =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlatformMessage.of(Platforms.SLACK, "demo", "Ev1", SENT).text("x").envelope());
    assertEquals("channel is required", noChannel.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PlatformMessage.of(Platforms.SLACK, "demo", " ", SENT).id());
    assertThrows(
        IllegalArgumentException.class,
        () -> PlatformMessage.of(Platforms.SLACK, "demo", "Ev1", null).id());
    assertThrows(IllegalArgumentException.class, () -> message("9").type("made.up").envelope());
  }
}
