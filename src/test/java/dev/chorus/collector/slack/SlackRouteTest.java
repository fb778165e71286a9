package dev.chorus.collector.slack;

import static dev.chorus.collector.Waits.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.FakeRestApi;
import dev.chorus.collector.PlatformLinks;
import dev.chorus.collector.PlatformTestNode;
import dev.chorus.event.Envelope;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/slack} with a sender signing as Slack does (v0), and replies through {@code
 * chat.postMessage} to a local Web API peer.
 */
class SlackRouteTest {

  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String TEAM = "T061EG9R6";
  final SlackSignatureVerifier signer = new SlackSignatureVerifier(SECRET);
  PlatformTestNode node;
  FakeRestApi slack;

  @BeforeEach
  void setUp() {
    slack =
        new FakeRestApi(
            (request, ctx) -> {
              String channel = request.body().getString("channel");
              JsonObject answer =
                  "CBAD".equals(channel) || request.body().getString("text", "").startsWith("bad")
                      ? new JsonObject().put("ok", false).put("error", "channel_not_found")
                      : new JsonObject().put("ok", true).put("channel", channel).put("ts", "1.2");
              ctx.response().putHeader("Content-Type", "application/json").end(answer.encode());
            });
    node = new PlatformTestNode().withLog();
    node.link("demo", "slack", TEAM, "Demo workspace");
    SlackRoute.SlackOptions options =
        new SlackRoute.SlackOptions(
            SECRET,
            "xoxb-test-token",
            slack.url() + "/api",
            Duration.ofSeconds(2),
            1000,
            Duration.ofMillis(300),
            100,
            3,
            Duration.ofSeconds(30),
            false);
    node.serve(
        (vertx, router) ->
            new SlackRoute(
                    vertx,
                    options,
                    new PlatformLinks(node.communities, "slack"),
                    new InProcessStateStore("s"),
                    node.metrics)
                .mount(router));
  }

  @AfterEach
  void tearDown() {
    node.close();
    slack.close();
  }

  static String message(String eventId, String channel, String text) {
    return new JsonObject()
        .put("token", "x")
        .put("team_id", TEAM)
        .put("type", "event_callback")
        .put("event_id", eventId)
        .put("event_time", Instant.now().getEpochSecond())
        .put(
            "event",
            new JsonObject()
                .put("type", "message")
                .put("channel", channel)
                .put("user", "U2147483697")
                .put("text", text)
                .put("ts", Instant.now().getEpochSecond() + ".000200")
                .put("channel_type", "channel"))
        .encode();
  }

  HttpResponse<Buffer> post(String body, String timestamp, String signature, String retry) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var request = node.client.post(node.port(), "127.0.0.1", SlackRoute.PATH);
    request.putHeader(SlackSignatureVerifier.TIMESTAMP, timestamp);
    request.putHeader(
        SlackSignatureVerifier.SIGNATURE,
        signature != null ? signature : signer.sign(timestamp, bytes));
    if (retry != null) {
      request.putHeader(SlackSignatureVerifier.RETRY_NUM, retry);
      request.putHeader("X-Slack-Retry-Reason", "http_timeout");
    }
    request.putHeader("Content-Type", "application/json");
    return await(request.sendBuffer(Buffer.buffer(bytes)));
  }

  HttpResponse<Buffer> post(String body) {
    return post(body, String.valueOf(Instant.now().getEpochSecond()), null, null);
  }

  @Test
  void urlVerificationIsAnsweredWithTheChallenge() {
    HttpResponse<Buffer> r =
        post("{\"token\":\"t\",\"challenge\":\"3eZbrw1aBm2rZgRN\",\"type\":\"url_verification\"}");
    assertEquals(200, r.statusCode());
    assertEquals("3eZbrw1aBm2rZgRN", r.bodyAsString());
  }

  @Test
  void aMessageIsJournaledAndItsReplyPostedToTheChannel() {
    assertEquals(200, post(message("Ev1", "C024BE91L", "!ping")).statusCode());
    Envelope e = node.awaitRouted(1).get(0);
    assertEquals("demo", e.community());
    assertEquals("C024BE91L", e.channel().id());
    node.reply(e, "pong");
    awaitTrue("posted", () -> slack.requests().size() == 1);
    FakeRestApi.Request posted = slack.requests().get(0);
    assertEquals("/api/chat.postMessage", posted.path());
    assertEquals("Bearer xoxb-test-token", posted.authorization());
    assertEquals("C024BE91L", posted.body().getString("channel"));
    assertEquals("pong", posted.body().getString("text"));
    // A reply to a message starts a thread under it.
    assertEquals(e.raw().get("ts"), posted.body().getString("thread_ts"));
  }

  @Test
  void aReplyToAMessageInAThreadGoesToThatThreadAndADirectReplyToNone() {
    JsonObject body = new JsonObject(message("Ev7", "C024BE91L", "!ping"));
    body.getJsonObject("event").put("thread_ts", "1482960137.003543");
    assertEquals(200, post(body.encode()).statusCode());
    Envelope e = node.awaitRouted(1).get(0);
    node.reply(e, "pong " + "x".repeat(SlackReplies.MAX_TEXT));
    node.reply(e, "U2147483697", "only for you"); // a direct reply, as egress addresses it
    awaitTrue("posted", () -> slack.requests().size() == 3);
    // Each channel has its own queue: the direct reply may go first.
    List<JsonObject> inChannel =
        slack.requests().stream()
            .map(FakeRestApi.Request::body)
            .filter(b -> "C024BE91L".equals(b.getString("channel")))
            .toList();
    assertEquals(2, inChannel.size());
    for (JsonObject part : inChannel) {
      assertEquals("1482960137.003543", part.getString("thread_ts"), part.encode());
    }
    JsonObject direct =
        slack.requests().stream()
            .map(FakeRestApi.Request::body)
            .filter(b -> "U2147483697".equals(b.getString("channel")))
            .findFirst()
            .orElseThrow();
    assertEquals(null, direct.getValue("thread_ts"));
  }

  @Test
  void retriesOfOneEventAreRoutedOnce() {
    String body = message("Ev2", "C1", "hello");
    assertEquals(200, post(body).statusCode());
    assertEquals(
        200, post(body, String.valueOf(Instant.now().getEpochSecond()), null, "1").statusCode());
    assertEquals(
        200, post(body, String.valueOf(Instant.now().getEpochSecond()), null, "2").statusCode());
    assertEquals(200, post(message("Ev3", "C1", "after")).statusCode());
    List<Envelope> routed = node.awaitRouted(2);
    assertEquals(List.of("hello", "after"), routed.stream().map(Envelope::text).toList());
    assertEquals(2, node.logged("demo"));
  }

  @Test
  void aBadSignatureAndAStaleTimestampAreRefused401() {
    HttpResponse<Buffer> forged =
        post(
            message("Ev4", "C1", "x"),
            String.valueOf(Instant.now().getEpochSecond()),
            "v0=" + "ab".repeat(32),
            null);
    assertEquals(401, forged.statusCode());
    assertEquals("bad_signature", new JsonObject(forged.bodyAsString()).getString("error"));
    String old = String.valueOf(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
    HttpResponse<Buffer> stale = post(message("Ev5", "C1", "x"), old, null, null);
    assertEquals(401, stale.statusCode());
    assertEquals("stale", new JsonObject(stale.bodyAsString()).getString("error"));
    assertEquals(0, node.logged("demo"));
  }

  @Test
  void garbageAndHugeBodiesGetJsonErrors() {
    HttpResponse<Buffer> garbage = post("{nope");
    assertEquals(400, garbage.statusCode());
    assertEquals("malformed", new JsonObject(garbage.bodyAsString()).getString("error"));
    HttpResponse<Buffer> huge = post("{\"a\":\"" + "x".repeat(70_000) + "\"}");
    assertEquals(413, huge.statusCode());
  }

  @Test
  void whenTheLogIsDownSlackIsAskedToRetryAndTheRetryGetsThrough() {
    node.stopLog();
    String body = message("Ev6", "C1", "hello");
    HttpResponse<Buffer> down = post(body);
    assertEquals(503, down.statusCode());
    node.withLog();
    assertEquals(
        200, post(body, String.valueOf(Instant.now().getEpochSecond()), null, "1").statusCode());
    assertEquals(1, node.awaitRouted(1).size());
  }

  @Test
  void aRateLimitedPostIsSentAgainAfterRetryAfter() {
    assertEquals(200, post(message("Ev7", "C1", "!ping")).statusCode());
    Envelope e = node.awaitRouted(1).get(0);
    slack.rateLimitNext(2, "0.3");
    node.reply(e, "one");
    node.reply(e, "two");
    awaitTrue("both posted", () -> slack.requests().size() >= 4);
    List<FakeRestApi.Request> all = slack.requests();
    assertEquals(4, all.size());
    assertEquals(
        List.of("one", "one", "one", "two"),
        all.stream().map(r -> r.body().getString("text")).toList());
    long gap = all.get(1).nanos() - all.get(0).nanos();
    assertTrue(gap >= 250_000_000L, "waited " + gap / 1_000_000 + " ms after a 429");
  }

  @Test
  void onePostPerChannelPerIntervalAcrossReplies() {
    assertEquals(200, post(message("Ev8", "C1", "!ping")).statusCode());
    Envelope e = node.awaitRouted(1).get(0);
    long queued = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      node.reply(e, "r" + i);
    }
    awaitTrue("posted", () -> slack.requests().size() == 5);
    List<FakeRestApi.Request> all = slack.requests();
    // The gate lets one post per 300 ms leave: the fifth cannot arrive before four intervals have
    // passed since the replies were queued. (Gaps between arrivals are no measure: a loaded
    // machine can delay one post and not the next.)
    long span = all.get(4).nanos() - queued;
    assertTrue(span >= 4 * 300_000_000L, "five posts within " + span / 1_000_000 + " ms");
    assertEquals(
        List.of("r0", "r1", "r2", "r3", "r4"),
        all.stream().map(r -> r.body().getString("text")).toList(),
        "in order");
  }

  @Test
  void aFailedPostIsCountedAndTheChannelsQueueMovesOn() {
    assertEquals(200, post(message("Ev9", "C1", "!ping")).statusCode());
    Envelope e = node.awaitRouted(1).get(0);
    node.reply(e, "bad reply");
    node.reply(e, "fine");
    awaitTrue("both tried", () -> slack.requests().size() == 2);
    assertEquals("fine", slack.requests().get(1).body().getString("text"));
    awaitTrue(
        "failure counted",
        () ->
            node.metrics
                    .registry()
                    .find(ChorusMetrics.EVENTS_REJECTED)
                    .tag("code", "reply_failed")
                    .counter()
                != null);
  }
}
