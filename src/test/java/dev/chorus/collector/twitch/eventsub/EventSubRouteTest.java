package dev.chorus.collector.twitch.eventsub;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.chorus.collector.PlatformTestNode;
import dev.chorus.collector.twitch.ChannelDirectory;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/twitch} over HTTP, with an EventSub sender that signs requests as Twitch
 * does (HMAC-SHA256 of message id ‖ timestamp ‖ body with the subscription secret).
 */
class EventSubRouteTest {

  static final String SECRET = EventSubFixtures.SECRET;
  final EventSubVerifier signer = new EventSubVerifier(SECRET, new InMemorySeenIds(10));
  PlatformTestNode node;

  @BeforeEach
  void setUp() {
    node = new PlatformTestNode().withLog();
    node.link("demo", "twitch", "1337", "cooler_user");
    node.serve(
        (vertx, router) ->
            new EventSubRoute(
                    vertx,
                    SECRET,
                    new ChannelDirectory(node.communities),
                    node.metrics,
                    Duration.ofSeconds(2),
                    1000)
                .mount(router));
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  HttpResponse<Buffer> post(String id, String type, String timestamp, String body, String sig) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var request = node.client.post(node.port(), "127.0.0.1", EventSubRoute.PATH);
    if (id != null) {
      request.putHeader(EventSubVerifier.MESSAGE_ID, id);
    }
    if (timestamp != null) {
      request.putHeader(EventSubVerifier.TIMESTAMP, timestamp);
    }
    request.putHeader(EventSubVerifier.MESSAGE_TYPE, type);
    request.putHeader(
        EventSubVerifier.SIGNATURE,
        sig != null ? sig : signer.sign(id, timestamp == null ? "" : timestamp, bytes));
    request.putHeader("Content-Type", "application/json");
    return await(request.sendBuffer(Buffer.buffer(bytes)));
  }

  HttpResponse<Buffer> notification(String id, String body) {
    return post(id, "notification", Instant.now().toString(), body, null);
  }

  @Test
  void theVerificationChallengeIsAnsweredWithTheRawChallenge() {
    HttpResponse<Buffer> r =
        post(
            "v-1",
            "webhook_callback_verification",
            Instant.now().toString(),
            EventSubFixtures.VERIFICATION,
            null);
    assertEquals(200, r.statusCode());
    assertEquals("text/plain", r.getHeader("Content-Type"));
    assertEquals("pogchamp-kappa-360noscope-vohiyo", r.bodyAsString());
  }

  @Test
  void aFollowIsJournaledRoutedAndAnswered204() {
    HttpResponse<Buffer> r = notification("m-1", EventSubFixtures.FOLLOW);
    assertEquals(204, r.statusCode());
    Envelope e = node.awaitRouted(1).get(0);
    assertEquals(EventType.STREAM_FOLLOW, e.type());
    assertEquals("demo", e.community());
    assertEquals(1, node.logged("demo"));
  }

  @Test
  void everyNotificationTypeBecomesItsEvent() {
    assertEquals(204, notification("s-1", EventSubFixtures.SUBSCRIBE).statusCode());
    assertEquals(204, notification("s-2", EventSubFixtures.RESUB).statusCode());
    assertEquals(204, notification("s-3", EventSubFixtures.GIFT).statusCode());
    assertEquals(204, notification("s-4", EventSubFixtures.RAID).statusCode());
    assertEquals(204, notification("s-5", EventSubFixtures.CHEER).statusCode());
    assertEquals(204, notification("s-6", EventSubFixtures.REDEMPTION).statusCode());
    assertEquals(
        java.util.List.of(
            EventType.STREAM_SUBSCRIPTION,
            EventType.STREAM_SUBSCRIPTION,
            EventType.STREAM_SUBSCRIPTION,
            EventType.STREAM_RAID,
            EventType.STREAM_CHEER,
            EventType.REWARD_REDEMPTION),
        node.awaitRouted(6).stream().map(Envelope::type).toList());
  }

  @Test
  void aReplayedMessageIdIsAnswered204AndNotRoutedAgain() {
    String ts = Instant.now().toString();
    assertEquals(204, post("m-2", "notification", ts, EventSubFixtures.FOLLOW, null).statusCode());
    assertEquals(204, post("m-2", "notification", ts, EventSubFixtures.FOLLOW, null).statusCode());
    assertEquals(204, notification("m-2b", EventSubFixtures.RAID).statusCode());
    assertEquals(2, node.awaitRouted(2).size());
    assertEquals(EventType.STREAM_RAID, node.routed().get(1).type());
    assertEquals(2, node.logged("demo"));
  }

  @Test
  void aBadSignatureIsRefused401() {
    HttpResponse<Buffer> r =
        post(
            "m-3",
            "notification",
            Instant.now().toString(),
            EventSubFixtures.FOLLOW,
            "sha256=" + "00".repeat(32));
    assertEquals(401, r.statusCode());
    assertEquals("bad_signature", new JsonObject(r.bodyAsString()).getString("error"));
    assertEquals(0, node.routed().size());
  }

  @Test
  void aStaleTimestampIsRefused401() {
    String old = Instant.now().minus(Duration.ofMinutes(11)).toString();
    HttpResponse<Buffer> r = post("m-4", "notification", old, EventSubFixtures.FOLLOW, null);
    assertEquals(401, r.statusCode());
    assertEquals("stale", new JsonObject(r.bodyAsString()).getString("error"));
  }

  @Test
  void missingHeadersAndUnreadableBodiesAre400() {
    HttpResponse<Buffer> r = post(null, "notification", null, EventSubFixtures.FOLLOW, "x");
    assertEquals(400, r.statusCode());
    assertNotNull(new JsonObject(r.bodyAsString()).getString("message"));
    HttpResponse<Buffer> garbage = notification("m-5", "{not json");
    assertEquals(400, garbage.statusCode());
    assertEquals("malformed", new JsonObject(garbage.bodyAsString()).getString("error"));
  }

  @Test
  void aHugeBodyIsRefused413WithJson() {
    String huge = "{\"a\":\"" + "x".repeat(70_000) + "\"}";
    HttpResponse<Buffer> r = notification("m-6", huge);
    assertEquals(413, r.statusCode());
    assertEquals("payload_too_large", new JsonObject(r.bodyAsString()).getString("error"));
  }

  @Test
  void aRevocationIsAnswered204() {
    String body =
        "{\"subscription\":{\"id\":\"f1\",\"status\":\"authorization_revoked\","
            + "\"type\":\"channel.follow\",\"version\":\"2\",\"cost\":1,"
            + "\"condition\":{\"broadcaster_user_id\":\"1337\"}}}";
    assertEquals(204, post("r-1", "revocation", Instant.now().toString(), body, null).statusCode());
    assertEquals(0, node.routed().size());
  }

  @Test
  void whenTheLogIsDownTheAnswerIs503AndTheRedeliveryGetsThrough() {
    node.stopLog();
    String ts = Instant.now().toString();
    HttpResponse<Buffer> down = post("m-7", "notification", ts, EventSubFixtures.FOLLOW, null);
    assertEquals(503, down.statusCode());
    assertNotNull(down.getHeader("Retry-After"));
    assertEquals(0, node.routed().size());
    node.withLog();
    HttpResponse<Buffer> again = post("m-7", "notification", ts, EventSubFixtures.FOLLOW, null);
    assertEquals(204, again.statusCode());
    assertEquals(1, node.awaitRouted(1).size());
  }

  @Test
  void aBroadcasterLinkedAfterStartIsServedWithoutWaitingForARefresh() {
    node.link("later", "twitch", "4242", "someone");
    String follow = EventSubFixtures.FOLLOW.replace("1337", "4242");
    assertEquals(204, notification(UUID.randomUUID().toString(), follow).statusCode());
    assertEquals("later", node.awaitRouted(1).get(0).community());
  }

  @Test
  void aBroadcasterNoCommunityLinkedIsAnswered204AndIgnored() {
    String follow = EventSubFixtures.FOLLOW.replace("1337", "9999");
    assertEquals(204, notification(UUID.randomUUID().toString(), follow).statusCode());
    assertEquals(204, notification("m-after", EventSubFixtures.FOLLOW).statusCode());
    assertEquals(1, node.awaitRouted(1).size());
    assertEquals("demo", node.routed().get(0).community());
  }
}
