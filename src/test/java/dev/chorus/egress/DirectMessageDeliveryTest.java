package dev.chorus.egress;

import static dev.chorus.collector.Waits.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chorus.collector.FakeRestApi;
import dev.chorus.collector.PlatformLinks;
import dev.chorus.collector.PlatformTestNode;
import dev.chorus.collector.slack.SlackRoute;
import dev.chorus.collector.slack.SlackSignatureVerifier;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Delivery;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Reply;
import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A command's direct-message reply ({@code dm:<platform user id>}) through the real egress stage:
 * on Slack it reaches the local Web API peer as a {@code chat.postMessage} to the user; on
 * platforms without direct messages it is said in the event's channel, and the log says why.
 */
class DirectMessageDeliveryTest {

  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String TEAM = "T061EG9R6";
  PlatformTestNode node;
  FakeRestApi slack;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void setUp() {
    slack =
        new FakeRestApi(
            (request, ctx) ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("ok", true).put("ts", "1.2").encode()));
    node = new PlatformTestNode().withLog();
    node.link("demo", "slack", TEAM, "Demo workspace");
    SlackRoute.SlackOptions options =
        new SlackRoute.SlackOptions(
            SECRET,
            "xoxb-test-token",
            slack.url() + "/api",
            Duration.ofSeconds(2),
            1000,
            Duration.ofMillis(100),
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
    await(node.vertx.deployVerticle(new EgressVerticle(node.metrics)));
    logs.start();
    ((Logger) LoggerFactory.getLogger(DirectMessages.class)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(DirectMessages.class)).detachAppender(logs);
    node.close();
    slack.close();
  }

  /** A Slack message from user U2147483697, as the Slack collector accepted it. */
  Envelope slackMessage(String eventId) {
    String body =
        new JsonObject()
            .put("token", "x")
            .put("team_id", TEAM)
            .put("type", "event_callback")
            .put("event_id", eventId)
            .put("event_time", Instant.now().getEpochSecond())
            .put(
                "event",
                new JsonObject()
                    .put("type", "message")
                    .put("channel", "C024BE91L")
                    .put("user", "U2147483697")
                    .put("text", "!secret")
                    .put("ts", Instant.now().getEpochSecond() + ".000200")
                    .put("channel_type", "channel"))
            .encode();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String ts = String.valueOf(Instant.now().getEpochSecond());
    var response =
        await(
            node.client
                .post(node.port(), "127.0.0.1", SlackRoute.PATH)
                .putHeader(SlackSignatureVerifier.TIMESTAMP, ts)
                .putHeader(
                    SlackSignatureVerifier.SIGNATURE,
                    new SlackSignatureVerifier(SECRET).sign(ts, bytes))
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(bytes)));
    assertEquals(200, response.statusCode());
    return node.awaitRouted(1).get(0);
  }

  /** The event with a reply for direct delivery to its author, as the command stage makes it. */
  static Envelope withDirectReply(Envelope e, String text) {
    Reply r = Reply.to(e, e.replies().size(), "command", text);
    return e.withReply(
        new Reply(
            r.id(), r.inReplyTo(), r.platform(), "dm:" + e.author().id(), r.text(), "command"));
  }

  Envelope egress(Envelope e) {
    return await(
        node.vertx
            .eventBus()
            .<Envelope>request(Addresses.stage(EgressVerticle.NAME), e)
            .map(m -> m.body()));
  }

  @Test
  void onSlackADirectReplyIsPostedToTheUser() {
    Envelope e = slackMessage("EvDm1");
    assertEquals("U2147483697", e.author().id());
    Envelope out = egress(withDirectReply(e, "psst, only for you"));
    assertEquals("U2147483697", out.replies().get(0).channel(), "journaled as delivered");
    awaitTrue("posted", () -> slack.requests().size() == 1);
    FakeRestApi.Request posted = slack.requests().get(0);
    assertEquals("/api/chat.postMessage", posted.path());
    assertEquals("U2147483697", posted.body().getString("channel"));
    assertEquals("psst, only for you", posted.body().getString("text"));
  }

  @Test
  void aForgedSlackUserIdIsSaidInTheChannelWithAReason() {
    Envelope e = slackMessage("EvDm2");
    Reply r = Reply.to(e, 0, "command", "hello");
    Envelope forged =
        e.withReply(new Reply(r.id(), e.id(), "slack", "dm:#general", "hello", "command"));
    assertEquals("C024BE91L", egress(forged).replies().get(0).channel());
    awaitTrue("posted", () -> slack.requests().size() == 1);
    assertEquals("C024BE91L", slack.requests().get(0).body().getString("channel"));
    assertTrue(logged("not a user id"), logs.list.toString());
  }

  @Test
  void onPlatformsWithoutDirectMessagesTheReplyIsSaidInTheChannelAndTheReasonLogged()
      throws Exception {
    LinkedBlockingQueue<Delivery> delivered = new LinkedBlockingQueue<>();
    await(
        node.vertx
            .eventBus()
            .<JsonObject>consumer(
                Addresses.egress("twitch", "irc-1"),
                m -> delivered.add(Delivery.fromJson(m.body().getMap())))
            .completion());
    Envelope e =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            "demo",
            "twitch",
            new Channel("4711", "streamer"),
            new Author("98765", "ann", "Ann", List.of()),
            "!secret",
            Instant.now(),
            "irc-1");
    Envelope out = egress(withDirectReply(e, "psst"));
    assertEquals("4711", out.replies().get(0).channel());
    Delivery d = delivered.poll(10, TimeUnit.SECONDS);
    assertNotNull(d);
    assertEquals("4711", d.channel());
    assertEquals("psst", d.text());
    assertTrue(logged("Twitch chat has no direct messages"), logs.list.toString());
  }

  boolean logged(String text) {
    return logs.list.stream().anyMatch(l -> l.getFormattedMessage().contains(text));
  }
}
