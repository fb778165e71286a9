package dev.chorus.collector.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.collector.twitch.eventsub.InMemorySeenIds;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackEventsTest {

  static final Instant NOW = Instant.ofEpochSecond(1_795_000_000L);
  static final String TS = Long.toString(NOW.getEpochSecond());
  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  static final String MESSAGE =
      """
      {"token":"XXYYZZ","team_id":"T061EG9R6","api_app_id":"A0PNCHHK2",\
      "event":{"type":"message","channel":"C024BE91L","user":"U2147483697",\
      "text":"!ping","ts":"1794999999.000200","client_msg_id":"5f1c2d38-aaaa-4b2b-9cde-0123456789ab",\
      "event_ts":"1794999999.000200","channel_type":"channel"},\
      "type":"event_callback","authed_users":["U061F7AUR"],"event_id":"Ev0PV52K21",\
      "event_time":1794999999}""";

  static final String URL_VERIFICATION =
      """
      {"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",\
      "type":"url_verification"}""";

  final InMemorySeenIds seen = new InMemorySeenIds(1000);
  final SlackSignatureVerifier verifier = new SlackSignatureVerifier(SECRET);
  final SlackEvents events =
      new SlackEvents(verifier, seen, t -> "T061EG9R6".equals(t) ? "demo" : null, "slack-1");

  SlackOutcome post(String body, String timestamp, String signature, String retry) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>();
    headers.put(SlackSignatureVerifier.TIMESTAMP, timestamp);
    headers.put(
        SlackSignatureVerifier.SIGNATURE,
        signature != null ? signature : verifier.sign(timestamp, bytes));
    if (retry != null) {
      headers.put(SlackSignatureVerifier.RETRY_NUM, retry);
    }
    return events.handle(headers::get, bytes, NOW);
  }

  SlackOutcome post(String body) {
    return post(body, TS, null, null);
  }

  @Test
  void urlVerificationAnswersTheChallenge() {
    assertEquals(
        new SlackOutcome.Challenge("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
        post(URL_VERIFICATION));
  }

  @Test
  void aPersonsMessageBecomesAChatMessage() {
    Envelope e = assertInstanceOf(SlackOutcome.Message.class, post(MESSAGE)).envelope();
    assertEquals(EventType.CHAT_MESSAGE, e.type());
    assertEquals("demo", e.community());
    assertEquals("slack", e.platform());
    assertEquals("C024BE91L", e.channel().id());
    assertEquals("U2147483697", e.author().id());
    assertEquals("!ping", e.text());
    assertEquals("Ev0PV52K21", e.raw().get("eventId"));
    Instant sent = Instant.ofEpochSecond(1794999999L, 200_000);
    assertEquals(
        Ids.forPlatformMessage("slack", "demo", "5f1c2d38-aaaa-4b2b-9cde-0123456789ab", sent),
        e.id());
  }

  @Test
  void retriesOfTheSameEventAreDuplicates() {
    assertInstanceOf(SlackOutcome.Message.class, post(MESSAGE));
    assertEquals(new SlackOutcome.Duplicate("Ev0PV52K21"), post(MESSAGE, TS, null, "1"));
    seen.forget("Ev0PV52K21");
    assertInstanceOf(SlackOutcome.Message.class, post(MESSAGE, TS, null, "2"));
  }

  @Test
  void botsEditsAndJoinsAreIgnoredButThreadBroadcastsAreNot() {
    assertInstanceOf(
        SlackOutcome.Ignored.class,
        post(MESSAGE.replace("\"user\":", "\"bot_id\":\"B1\",\"user\":")));
    assertInstanceOf(
        SlackOutcome.Ignored.class,
        post(
            MESSAGE
                .replace("Ev0PV52K21", "Ev2")
                .replace(
                    "\"type\":\"message\",",
                    "\"type\":\"message\",\"subtype\":\"channel_join\",")));
    assertInstanceOf(
        SlackOutcome.Message.class,
        post(
            MESSAGE
                .replace("Ev0PV52K21", "Ev3")
                .replace(
                    "\"type\":\"message\",",
                    "\"type\":\"message\",\"subtype\":\"thread_broadcast\",")));
    assertInstanceOf(
        SlackOutcome.Ignored.class,
        post(
            MESSAGE
                .replace("Ev0PV52K21", "Ev4")
                .replace("\"type\":\"message\"", "\"type\":\"reaction_added\"")));
    assertInstanceOf(
        SlackOutcome.Ignored.class,
        post(MESSAGE.replace("Ev0PV52K21", "Ev5").replace("T061EG9R6", "T0OTHER")));
  }

  @Test
  void signatureWindowAndMalformedBodies() {
    String old = Long.toString(NOW.getEpochSecond() - 301);
    assertEquals(
        new SlackOutcome.Rejected(SlackVerification.STALE), post(MESSAGE, old, null, null));
    String good = verifier.sign(TS, MESSAGE.getBytes(StandardCharsets.UTF_8));
    String bad = good.substring(0, 66) + (good.endsWith("0") ? "1" : "0");
    assertEquals(
        new SlackOutcome.Rejected(SlackVerification.BAD_SIGNATURE), post(MESSAGE, TS, bad, null));
    assertEquals(
        new SlackOutcome.Rejected(SlackVerification.BAD_SIGNATURE),
        post(MESSAGE, TS, "v1=" + good.substring(3), null));
    assertEquals(
        new SlackOutcome.Rejected(SlackVerification.MALFORMED), post(MESSAGE, "", null, null));
    assertEquals(
        new SlackOutcome.Rejected(SlackVerification.MALFORMED), post(MESSAGE, "x1", null, null));
    assertInstanceOf(SlackOutcome.Malformed.class, post("{\"type\":\"event_callback\"}"));
    assertInstanceOf(SlackOutcome.Malformed.class, post("not json"));
    assertEquals(0, seen.size());
    assertThrows(IllegalArgumentException.class, () -> new SlackSignatureVerifier(" "));
  }

  @Test
  void slackTimestamps() {
    assertEquals(1355517523000005L, SlackEvents.micros("1355517523.000005"));
    assertEquals(1355517523000000L, SlackEvents.micros("1355517523"));
    assertEquals(1355517523500000L, SlackEvents.micros("1355517523.5"));
    assertEquals(-1, SlackEvents.micros("1e9"));
    assertEquals(-1, SlackEvents.micros(".5"));
    assertEquals(-1, SlackEvents.micros("1.1234567"));
  }

  @Test
  void controlCharactersAreStrippedFromTextAndTextIsNfc() {
    SlackOutcome outcome =
        post(MESSAGE.replace("\"text\":\"!ping\"", "\"text\":\"!pi\\u0000ng cafe\\u0301\""));
    Envelope e = assertInstanceOf(SlackOutcome.Message.class, outcome).envelope();
    assertEquals("!ping café", e.text());
  }
}
