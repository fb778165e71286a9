package dev.chorus.collector.twitch.eventsub;

import static dev.chorus.collector.twitch.eventsub.EventSubFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSubWebhookTest {

  static final String TIMESTAMP = "2026-11-23T18:00:00.123456789Z";
  static final Instant NOW = Instant.parse("2026-11-23T18:00:05Z");

  final InMemorySeenIds seen = new InMemorySeenIds(1000);
  final EventSubVerifier verifier = new EventSubVerifier(SECRET, seen);
  final EventSubWebhook webhook =
      new EventSubWebhook(
          verifier,
          new EventSubNormalizer((id, login) -> "1337".equals(id) ? "demo" : null, "hook-1"));

  EventSubOutcome post(String id, String type, String timestamp, String body, String signature) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String sig = signature != null ? signature : verifier.sign(id, timestamp, bytes);
    Map<String, String> headers =
        Map.of(
            EventSubVerifier.MESSAGE_ID, id,
            EventSubVerifier.TIMESTAMP, timestamp,
            EventSubVerifier.SIGNATURE, sig,
            EventSubVerifier.MESSAGE_TYPE, type);
    return webhook.handle(headers::get, bytes, NOW);
  }

  Envelope notification(String id, String body) {
    return assertInstanceOf(
            EventSubOutcome.Notification.class, post(id, "notification", TIMESTAMP, body, null))
        .envelope();
  }

  @Test
  void followBecomesStreamFollowWithTheEventTimeInItsId() {
    Envelope e = notification("msg-1", EventSubFixtures.FOLLOW);
    assertEquals(EventType.STREAM_FOLLOW, e.type());
    assertEquals("demo", e.community());
    assertEquals("1337", e.channel().id());
    assertEquals("cooler_user", e.channel().name());
    assertEquals("1234", e.author().id());
    assertEquals("cool_user", e.author().login());
    assertEquals("Cool_User", e.author().displayName());
    Instant followedAt = Instant.parse("2020-07-15T18:16:11.17106713Z");
    assertEquals(Ids.forPlatformMessage("twitch", "demo", "msg-1", followedAt), e.id());
    assertEquals("hook-1", e.origin());
    assertEquals("channel.follow", e.raw().get("subscriptionType"));
  }

  @Test
  void streamOnlineCarriesWhenItStartedAndOfflineEndsIt() {
    Envelope online = notification("msg-on", EventSubFixtures.ONLINE);
    assertEquals(EventType.STREAM_ONLINE, online.type());
    assertEquals("demo", online.community());
    assertEquals("1337", online.channel().id());
    assertNull(online.author());
    assertEquals("2020-10-11T10:11:12.123Z", online.raw().get("startedAt"));
    assertEquals("live", online.raw().get("streamType"));
    Instant started = Instant.parse("2020-10-11T10:11:12.123Z");
    assertEquals(Ids.forPlatformMessage("twitch", "demo", "msg-on", started), online.id());
    Envelope offline = notification("msg-off", EventSubFixtures.OFFLINE);
    assertEquals(EventType.STREAM_OFFLINE, offline.type());
    assertEquals("1337", offline.channel().id());
  }

  @Test
  void subscriptionsCheersRaidsAndRedemptions() {
    Envelope sub = notification("m-sub", EventSubFixtures.SUBSCRIBE);
    assertEquals(EventType.STREAM_SUBSCRIPTION, sub.type());
    assertEquals("sub", sub.raw().get("kind"));
    assertEquals("1000", sub.raw().get("tier"));
    assertEquals(false, sub.raw().get("gift"));
    assertEquals(Instant.parse(TIMESTAMP).toEpochMilli(), Ids.timestampOf(sub.id()));

    Envelope gift = notification("m-gift", EventSubFixtures.GIFT);
    assertEquals("submysterygift", gift.raw().get("kind"));
    assertEquals(2, gift.raw().get("count"));
    assertEquals(true, gift.raw().get("anonymous"));
    assertNull(gift.author());

    Envelope resub = notification("m-resub", EventSubFixtures.RESUB);
    assertEquals("resub", resub.raw().get("kind"));
    assertEquals(15, resub.raw().get("months"));
    assertEquals("Love the stream! FevziGG", resub.text());

    Envelope raid = notification("m-raid", EventSubFixtures.RAID);
    assertEquals(EventType.STREAM_RAID, raid.type());
    assertEquals(9001, raid.raw().get("viewers"));
    assertEquals("in", raid.raw().get("direction"));
    assertEquals("1234", raid.author().id());
    assertEquals("1337", raid.channel().id());

    Envelope cheer = notification("m-cheer", EventSubFixtures.CHEER);
    assertEquals(EventType.STREAM_CHEER, cheer.type());
    assertEquals(1000, cheer.raw().get("bits"));
    assertEquals("pogchamp", cheer.text());

    Envelope redemption = notification("m-red", EventSubFixtures.REDEMPTION);
    assertEquals(EventType.REWARD_REDEMPTION, redemption.type());
    assertEquals("pogchamp", redemption.text());
    assertEquals(
        Map.of(
            "id",
            "92af127c-7326-4483-a52b-b0da0be61c01",
            "title",
            "title",
            "cost",
            100,
            "prompt",
            "reward prompt"),
        redemption.raw().get("reward"));
    assertEquals("9001", redemption.author().id());
  }

  @Test
  void verificationAnswersTheChallengeAndRevocationIsReported() {
    EventSubOutcome challenge =
        post("v1", "webhook_callback_verification", TIMESTAMP, EventSubFixtures.VERIFICATION, null);
    assertEquals(new EventSubOutcome.Challenge("pogchamp-kappa-360noscope-vohiyo"), challenge);
    EventSubOutcome revoked =
        post("v2", "revocation", TIMESTAMP, EventSubFixtures.REVOCATION, null);
    assertEquals(
        new EventSubOutcome.Revoked(
            "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", "channel.follow", "authorization_revoked"),
        revoked);
  }

  @Test
  void aRedeliveryIsADuplicateUntilForgotten() {
    notification("dup", EventSubFixtures.FOLLOW);
    assertEquals(
        new EventSubOutcome.Duplicate("dup"),
        post("dup", "notification", TIMESTAMP, EventSubFixtures.FOLLOW, null));
    seen.forget("dup");
    notification("dup", EventSubFixtures.FOLLOW);
  }

  @Test
  void badSignaturesAreRejectedAndDoNotFillTheSeenSet() {
    String good = verifier.sign("x", TIMESTAMP, EventSubFixtures.FOLLOW.getBytes());
    String flipped = good.substring(0, 70) + (good.charAt(70) == '0' ? '1' : '0');
    for (String sig : new String[] {flipped, "sha256=zz", "md5=abc", "", good.toUpperCase()}) {
      EventSubOutcome out = post("x", "notification", TIMESTAMP, EventSubFixtures.FOLLOW, sig);
      assertEquals(new EventSubOutcome.Rejected(Verification.BAD_SIGNATURE), out, sig);
    }
    // The body is part of what is signed.
    assertEquals(
        new EventSubOutcome.Rejected(Verification.BAD_SIGNATURE),
        post("x", "notification", TIMESTAMP, EventSubFixtures.FOLLOW + " ", good));
    assertEquals(0, seen.size());
    assertEquals(401, Verification.BAD_SIGNATURE.httpStatus());
  }

  @Test
  void timestampsOutsideTenMinutesAreStale() {
    String old = NOW.minus(Duration.ofMinutes(10)).minusSeconds(1).toString();
    String edge = NOW.minus(Duration.ofMinutes(10)).toString();
    String future = NOW.plus(Duration.ofMinutes(11)).toString();
    assertEquals(
        new EventSubOutcome.Rejected(Verification.STALE),
        post("a", "notification", old, EventSubFixtures.FOLLOW, null));
    assertEquals(
        new EventSubOutcome.Rejected(Verification.STALE),
        post("b", "notification", future, EventSubFixtures.FOLLOW, null));
    assertInstanceOf(
        EventSubOutcome.Notification.class,
        post("c", "notification", edge, EventSubFixtures.FOLLOW, null));
    assertEquals(
        new EventSubOutcome.Rejected(Verification.MALFORMED),
        post("d", "notification", "yesterday", EventSubFixtures.FOLLOW, null));
  }

  @Test
  void malformedAndUninterestingBodies() {
    assertInstanceOf(
        EventSubOutcome.Malformed.class, post("e", "notification", TIMESTAMP, "{not json", null));
    assertInstanceOf(
        EventSubOutcome.Malformed.class, post("f", "notification", TIMESTAMP, "[1,2]", null));
    assertInstanceOf(
        EventSubOutcome.Malformed.class, post("g", "notification", TIMESTAMP, "{}", null));
    assertInstanceOf(
        EventSubOutcome.Ignored.class,
        post(
            "h",
            "notification",
            TIMESTAMP,
            EventSubFixtures.FOLLOW.replace("channel.follow", "channel.update"),
            null));
    EventSubOutcome otherBroadcaster =
        post("i", "notification", TIMESTAMP, EventSubFixtures.FOLLOW.replace("1337", "7"), null);
    assertTrue(((EventSubOutcome.Ignored) otherBroadcaster).reason().contains("7"));
    Map<String, String> none = Map.of();
    assertEquals(
        new EventSubOutcome.Rejected(Verification.MALFORMED),
        webhook.handle(none::get, new byte[0], NOW));
  }

  @Test
  void seenSetIsBoundedAndExpires() {
    InMemorySeenIds small = new InMemorySeenIds(2);
    Duration ttl = Duration.ofMinutes(20);
    assertTrue(small.firstSeen("a", NOW, ttl));
    assertFalse(small.firstSeen("a", NOW, ttl));
    assertTrue(small.firstSeen("b", NOW, ttl));
    assertTrue(small.firstSeen("c", NOW, ttl));
    assertEquals(2, small.size());
    assertTrue(small.firstSeen("a", NOW, ttl), "the oldest was dropped at capacity");
    assertTrue(small.firstSeen("c", NOW.plus(ttl), ttl), "expired ids are forgotten");
  }
}
