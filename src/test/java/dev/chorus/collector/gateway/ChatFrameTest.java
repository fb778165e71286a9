package dev.chorus.collector.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Envelope;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Normalization of literal /ws/chat frames. */
class ChatFrameTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static ChatFrame.Parsed parse(String frame) {
    return ChatFrame.parse(frame, 65536, 500, NOW, "gw-a");
  }

  @Test
  void theContractExampleBecomesAnEnvelope() {
    ChatFrame.Parsed parsed =
        parse(
            "{\"type\":\"chat.message\",\"community\":\"demo\",\"channel\":\"demo\",\"user\":{\"id\":\"u1\",\"name\":\"alice\"},\"text\":\"!ping\"}");
    assertTrue(parsed.ok());
    Envelope e = parsed.envelope();
    assertEquals("chat.message", e.type());
    assertEquals("demo", e.community());
    assertEquals("web", e.platform());
    assertEquals("demo", e.channel().id());
    assertEquals("u1", e.author().id());
    assertEquals("alice", e.author().displayName());
    assertEquals(List.of(), e.author().roles());
    assertEquals("!ping", e.text());
    assertEquals(NOW, e.receivedAt());
    assertEquals("gw-a", e.origin());
    assertEquals(7, java.util.UUID.fromString(e.id()).version());
  }

  @Test
  void aClientIdIsKeptAsTheKeyNotTheEventId() {
    ChatFrame.Parsed parsed =
        parse(
            "{\"id\":\"0190B6E2-5C3A-7000-8000-000000000001\",\"type\":\"chat.message\","
                + "\"community\":\"demo\",\"channel\":\"c\",\"user\":{\"id\":\"u1\"},\"text\":\"hi\"}");
    assertEquals("0190b6e2-5c3a-7000-8000-000000000001", parsed.clientId());
    assertNotEquals(parsed.clientId(), parsed.envelope().id(), "the server picks the event id");
    assertEquals(7, java.util.UUID.fromString(parsed.envelope().id()).version());
    assertEquals("u1", parsed.envelope().author().displayName(), "name defaults to the id");
  }

  @Test
  void controlCharactersAreRefused() {
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"demo\",\"channel\":\"c\","
            + "\"user\":{\"id\":\"u\"},\"text\":\"nul \\u0000 here\"}",
        ChatFrame.INVALID_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"demo\",\"channel\":\"c\","
            + "\"user\":{\"id\":\"u\\u0007\"},\"text\":\"bell\"}",
        ChatFrame.INVALID_FIELD);
  }

  @Test
  void eachBadInputHasItsCode() {
    assertCode("{", ChatFrame.INVALID_JSON);
    assertCode("\"just a string\"", ChatFrame.INVALID_JSON);
    assertCode(
        "{\"community\":\"demo\",\"channel\":\"c\",\"user\":{\"id\":\"u\"},\"text\":\"t\"}",
        ChatFrame.MISSING_FIELD);
    assertCode("{\"type\":\"stream.follow\",\"community\":\"demo\"}", ChatFrame.UNKNOWN_TYPE);
    assertCode(
        "{\"type\":\"chat.message\",\"channel\":\"c\",\"user\":{\"id\":\"u\"},\"text\":\"t\"}",
        ChatFrame.MISSING_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"Not Valid!\",\"channel\":\"c\",\"user\":{\"id\":\"u\"},\"text\":\"t\"}",
        ChatFrame.INVALID_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"d\",\"user\":{\"id\":\"u\"},\"text\":\"t\"}",
        ChatFrame.MISSING_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"d\",\"channel\":\"c\",\"text\":\"t\"}",
        ChatFrame.MISSING_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"d\",\"channel\":\"c\",\"user\":\"u\",\"text\":\"t\"}",
        ChatFrame.MISSING_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"d\",\"channel\":\"c\",\"user\":{\"id\":\"u\"}}",
        ChatFrame.MISSING_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"d\",\"channel\":\"c\",\"user\":{\"id\":\"u\"},\"text\":42}",
        ChatFrame.INVALID_FIELD);
    assertCode(
        "{\"type\":\"chat.message\",\"community\":\"d\",\"channel\":\"c\",\"user\":{\"id\":\"u\"},\"text\":\"   \"}",
        ChatFrame.INVALID_FIELD);
    assertCode("{\"id\":7,\"type\":\"chat.message\"}", ChatFrame.INVALID_FIELD);
  }

  @Test
  void textLengthCountsCharactersNotBytesOrUtf16Units() {
    String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units, four bytes
    String ok = frameWithText(emoji.repeat(500));
    assertTrue(parse(ok).ok());
    assertEquals(ChatFrame.TEXT_TOO_LONG, parse(frameWithText(emoji.repeat(501))).code());
  }

  @Test
  void frameSizeCountsUtf8Bytes() {
    String text = "é".repeat(200); // 400 bytes
    ChatFrame.Parsed parsed = ChatFrame.parse(frameWithText(text), 300, 500, NOW, "gw");
    assertEquals(ChatFrame.FRAME_TOO_LARGE, parsed.code());
    assertFalse(parsed.ok());
  }

  @Test
  void errorsKeepTheClientIdSoTheClientCanMatchThem() {
    String id = "0190b6e2-5c3a-7000-8000-000000000009";
    ChatFrame.Parsed parsed =
        parse(
            "{\"id\":\""
                + id
                + "\",\"type\":\"chat.message\",\"community\":\"d\",\"channel\":\"c\",\"user\":{\"id\":\"u\"},\"text\":\""
                + "x".repeat(501)
                + "\"}");
    assertEquals(ChatFrame.TEXT_TOO_LONG, parsed.code());
    assertEquals(id, parsed.clientId());
  }

  private static String frameWithText(String text) {
    return "{\"type\":\"chat.message\",\"community\":\"d\",\"channel\":\"c\",\"user\":{\"id\":\"u\"},\"text\":\""
        + text
        + "\"}";
  }

  private static String frame(String channel, String userId, String userName, String text) {
    return "{\"type\":\"chat.message\",\"community\":\"demo\",\"channel\":\""
        + channel
        + "\",\"user\":{\"id\":\""
        + userId
        + "\""
        + (userName == null ? "" : ",\"name\":\"" + userName + "\"")
        + "},\"text\":\""
        + text
        + "\"}";
  }

  @Test
  void zeroWidthIdentitiesAreRefusedNamingTheField() {
    // JSON escapes: the frame carries the real code points.
    String zw = "\\u200B\\u200C\\u200D\\u2060\\uFEFF\\u00AD";
    assertProblem(frame("c", "u1", zw, "hi"), "user.name must contain a visible character");
    assertProblem(frame("c", zw, null, "hi"), "user.id must contain a visible character");
    assertProblem(frame(zw, "u1", "alice", "hi"), "channel must contain a visible character");
    assertProblem(frame("c", "u1", "\\u3164", "hi"), "user.name must contain a visible character");
    assertProblem(frame("c", "u1", "\\u00A0", "hi"), "user.name must contain a visible character");
    assertProblem(frame("c", "u1", "   ", "hi"), "user.name must contain a visible character");
    assertProblem(frame("c", "u1", "alice", zw), "text must contain a visible character");
  }

  @Test
  void bidirectionalOverridesAndIsolatesInIdsAndNamesAreRefused() {
    for (String bidi : List.of("\\u202E", "\\u202A", "\\u2066", "\\u2069")) {
      assertProblem(
          frame("c", "u1", "gnp." + bidi + "exe", "hi"),
          "user.name must not contain bidirectional override or isolate characters");
      assertProblem(
          frame("c", "u" + bidi, null, "hi"),
          "user.id must not contain bidirectional override or isolate characters");
      assertProblem(
          frame("c" + bidi, "u1", null, "hi"),
          "channel must not contain bidirectional override or isolate characters");
    }
  }

  @Test
  void idsNamesAndTextAreNfc() {
    ChatFrame.Parsed parsed =
        parse(frame("cafe\\u0301", "zoe\\u0301", "Zoe\\u0301", "voila\\u0300"));
    assertTrue(parsed.ok(), parsed.message());
    assertEquals("café", parsed.envelope().channel().id());
    assertEquals("zoé", parsed.envelope().author().id());
    assertEquals("Zoé", parsed.envelope().author().displayName());
    assertEquals("voilà", parsed.envelope().text());
    // A visible name with a joiner inside (an emoji sequence) is fine.
    ChatFrame.Parsed emoji = parse(frame("c", "u1", "\\uD83D\\uDC69\\u200D\\uD83D\\uDCBB", "hi"));
    assertTrue(emoji.ok(), emoji.message());
  }

  private static void assertProblem(String frame, String message) {
    ChatFrame.Parsed parsed = parse(frame);
    assertFalse(parsed.ok(), frame);
    assertEquals(ChatFrame.INVALID_FIELD, parsed.code(), frame + " → " + parsed.message());
    assertEquals(message, parsed.message());
  }

  private static void assertCode(String frame, String code) {
    ChatFrame.Parsed parsed = parse(frame);
    assertFalse(parsed.ok(), frame);
    assertEquals(code, parsed.code(), frame + " → " + parsed.message());
  }
}
