package dev.chorus.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayFramesTest {

  private static Envelope chat(String text) {
    return Envelope.accepted(
        EventType.CHAT_MESSAGE,
        "demo",
        "twitch",
        new Channel("123", "demo"),
        new Author("u1", "alice", "Alice", List.of("subscriber")),
        text,
        Instant.parse("2026-01-02T03:04:05Z"),
        "origin-1");
  }

  @Test
  void aChatLineCarriesTheNameAViewerShouldSeeWithPronounsAndColour() {
    Envelope e =
        chat("hello")
            .with(
                ContextKeys.PERSON,
                new ContextKeys.Speaker("p1", "Alice", "Ali", "she/her", PermissionLevel.VIEWER))
            .withRaw(Map.of("color", "#FF8800"))
            .reply("command", "hi Ali");
    List<JsonObject> frames = OverlayFrames.of(e);
    assertEquals(2, frames.size());
    JsonObject line = frames.get(0);
    assertEquals("chat.message", line.getString("type"));
    assertEquals(e.id(), line.getString("id"));
    assertEquals("demo", line.getString("community"));
    assertEquals("twitch", line.getString("platform"));
    assertEquals("123", line.getString("channel"));
    assertEquals("demo", line.getString("channelName"));
    assertEquals("hello", line.getString("text"));
    assertEquals("2026-01-02T03:04:05Z", line.getString("at"));
    JsonObject author = line.getJsonObject("author");
    assertEquals("Ali", author.getString("name"), "the nickname wins");
    assertEquals("she/her", author.getString("pronouns"));
    assertEquals("#ff8800", author.getString("colour"));
    assertEquals(List.of("subscriber"), author.getJsonArray("roles").getList());
    JsonObject reply = frames.get(1);
    assertEquals(OverlayFrames.BOT_REPLY, reply.getString("type"));
    assertEquals(e.id(), reply.getString("inReplyTo"));
    assertEquals("hi Ali", reply.getString("text"));
    assertEquals(e.replies().get(0).id(), reply.getString("id"));
    assertFalse(line.containsKey("seq"), "the sequencer numbers frames");
  }

  @Test
  void withoutAPersonTheDisplayNameAndADerivedStableColourAreUsed() {
    JsonObject author = OverlayFrames.of(chat("x")).get(0).getJsonObject("author");
    assertEquals("Alice", author.getString("name"));
    assertNull(author.getString("pronouns"));
    String colour = author.getString("colour");
    assertTrue(colour.matches("#[0-9a-f]{6}"), colour);
    assertEquals(
        colour, OverlayFrames.of(chat("y")).get(0).getJsonObject("author").getString("colour"));
  }

  @Test
  void aLineAStageStoppedIsNotShownButItsRepliesAre() {
    Envelope stopped = chat("buy followers").stop("moderation", "spam").reply("moderation", "no");
    List<JsonObject> frames = OverlayFrames.of(stopped);
    assertEquals(1, frames.size());
    assertEquals(OverlayFrames.BOT_REPLY, frames.get(0).getString("type"));
  }

  @Test
  void alertsCarryTheirSmallRawFieldsAsData() {
    Envelope raid =
        Envelope.accepted(
                EventType.STREAM_RAID,
                "demo",
                "twitch",
                new Channel("123", "demo"),
                new Author("u9", "raider", "Raider", List.of()),
                null,
                Instant.now(),
                "o")
            .withRaw(
                Map.of(
                    "viewers",
                    42,
                    "direction",
                    "in",
                    "event",
                    Map.of("big", "payload"),
                    "reward",
                    Map.of("title", "Hydrate")));
    JsonObject frame = OverlayFrames.of(raid).get(0);
    assertEquals("stream.raid", frame.getString("type"));
    JsonObject data = frame.getJsonObject("data");
    assertEquals(42, data.getInteger("viewers"));
    assertEquals("in", data.getString("direction"));
    assertEquals("Hydrate", data.getString("reward"));
    assertFalse(data.containsKey("event"), "nested payloads stay out of the frame");
    assertNull(frame.getString("text"));
  }
}
