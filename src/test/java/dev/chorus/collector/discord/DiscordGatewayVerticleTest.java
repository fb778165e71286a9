package dev.chorus.collector.discord;

import static dev.chorus.collector.Waits.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.FakeRestApi;
import dev.chorus.collector.PlatformLinks;
import dev.chorus.collector.PlatformTestNode;
import dev.chorus.event.Addresses;
import dev.chorus.event.Delivery;
import dev.chorus.event.Envelope;
import dev.chorus.event.Ids;
import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Discord Gateway client and REST replies against local Gateway and REST peers. */
class DiscordGatewayVerticleTest {

  static final String TOKEN = "bot-token-for-tests";
  static final String GUILD = "1000000000000000001";
  static final String CHANNEL = "1100000000000000001";

  static final String DM_CHANNEL = "1400000000000000009";
  static final String USER = "80351110224678912";
  volatile int dmStatus = 200;
  FakeDiscordGateway gateway;
  FakeRestApi rest;
  PlatformTestNode node;

  @BeforeEach
  void setUp() {
    rest =
        new FakeRestApi(
            (request, ctx) -> {
              if (request.path().endsWith("/users/@me/channels")) {
                ctx.response()
                    .setStatusCode(dmStatus)
                    .putHeader("Content-Type", "application/json")
                    .end(
                        dmStatus == 200
                            ? new JsonObject().put("id", DM_CHANNEL).put("type", 1).encode()
                            : new JsonObject()
                                .put("code", 50007)
                                .put("message", "Cannot send messages to this user")
                                .encode());
                return;
              }
              ctx.response()
                  .setStatusCode(200)
                  .putHeader("Content-Type", "application/json")
                  .end(new JsonObject().put("id", "1300000000000000001").encode());
            });
    node = new PlatformTestNode().withLog();
    node.link("demo", "discord", GUILD, "Demo server");
  }

  @AfterEach
  void tearDown() {
    node.close();
    if (gateway != null) {
      gateway.close();
    }
    rest.close();
  }

  void start(long heartbeatMs, String token) {
    gateway = new FakeDiscordGateway(TOKEN, heartbeatMs);
    DiscordOptions options =
        new DiscordOptions(
            token,
            "",
            gateway.url(),
            rest.url() + "/api/v10",
            DiscordOptions.DEFAULT_INTENTS,
            Duration.ofMillis(50),
            Duration.ofMillis(400),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            50,
            100,
            3);
    await(
        node.vertx.deployVerticle(
            new DiscordGatewayVerticle(
                options,
                new PlatformLinks(node.communities, "discord"),
                new InProcessStateStore("d"),
                node.metrics)));
  }

  @Test
  void identifiesAndAMessageIsAnsweredThroughTheRestApi() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    JsonObject identify = gateway.received(2).get(0).payload().getJsonObject("d");
    assertEquals(TOKEN, identify.getString("token"));
    assertEquals(DiscordOptions.DEFAULT_INTENTS, identify.getInteger("intents"));
    gateway.messageCreate("1235222735235166208", CHANNEL, GUILD, "!ping");
    Envelope e = node.awaitRouted(1).get(0);
    assertEquals("demo", e.community());
    assertEquals(CHANNEL, e.channel().id());
    node.reply(e, "pong");
    awaitTrue("posted", () -> rest.requests().size() == 1);
    FakeRestApi.Request post = rest.requests().get(0);
    assertEquals("/api/v10/channels/" + CHANNEL + "/messages", post.path());
    assertEquals("Bot " + TOKEN, post.authorization());
    assertEquals("pong", post.body().getString("content"));
    assertEquals(0, post.body().getJsonObject("allowed_mentions").getJsonArray("parse").size());
    // The reply is a Discord reply to the message, which still goes out if it was deleted.
    assertEquals(
        new JsonObject()
            .put("message_id", "1235222735235166208")
            .put("channel_id", CHANNEL)
            .put("fail_if_not_exists", false),
        post.body().getJsonObject("message_reference"));
    assertEquals(false, post.body().getJsonObject("allowed_mentions").getBoolean("replied_user"));
  }

  @Test
  void onlyAReplyInTheMessagesChannelIsADiscordReply() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.messageCreate("1235222735235166214", CHANNEL, GUILD, "!secret");
    Envelope e = node.awaitRouted(1).get(0);
    node.reply(e, "dm:" + USER, "only for you");
    awaitTrue("posted in the DM channel", () -> rest.requests().size() == 2);
    FakeRestApi.Request dm = rest.requests().get(1);
    assertEquals("/api/v10/channels/" + DM_CHANNEL + "/messages", dm.path());
    assertEquals(null, dm.body().getValue("message_reference"), dm.body().encode());
    // A reply answering no event (a timer, an announcement) is a plain message too.
    Delivery timer = new Delivery(Ids.next(), null, "discord", CHANNEL, "unthreaded");
    node.vertx
        .eventBus()
        .send(Addresses.egress("discord", e.origin()), new JsonObject(timer.toJson()));
    awaitTrue("posted", () -> rest.requests().size() == 3);
    assertEquals(null, rest.requests().get(2).body().getValue("message_reference"));
  }

  @Test
  void aMemberJoiningTheServerIsJournaledAndRoutedAsAFollow() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.send(
        DiscordGatewayTest.memberAdd(
            GUILD, "80351110224678913", "2026-12-07T20:00:00+00:00", false));
    Envelope e = node.awaitRouted(1).get(0);
    assertEquals("stream.follow", e.type());
    assertEquals("80351110224678913", e.author().id());
    awaitTrue("journaled", () -> node.logged("demo") == 1);
  }

  @Test
  void heartbeatsCarryTheLastSequenceAndOp1IsAnsweredAtOnce() {
    start(300, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.messageCreate("1235222735235166209", CHANNEL, GUILD, "hi");
    node.awaitRouted(1);
    awaitTrue(
        "a heartbeat with seq 2",
        () ->
            gateway.received(1).stream()
                .anyMatch(r -> Long.valueOf(2).equals(r.payload().getLong("d"))));
    int before = gateway.received(1).size();
    gateway.send("{\"op\":1,\"d\":null}");
    awaitTrue("answered", () -> gateway.received(1).size() > before);
  }

  @Test
  void afterReconnectRequestsTheSessionIsResumedAndMissedMessagesReplayed() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.messageCreate("1235222735235166210", CHANNEL, GUILD, "one");
    node.awaitRouted(1);
    gateway.send("{\"op\":7,\"d\":null}");
    awaitTrue("resume", () -> gateway.received(6).size() == 1);
    JsonObject resume = gateway.received(6).get(0).payload().getJsonObject("d");
    assertEquals(2L, resume.getLong("seq"));
    gateway.close(1001);
    gateway.messageCreate("1235222735235166211", CHANNEL, GUILD, "missed while away");
    awaitTrue("second resume", () -> gateway.received(6).size() == 2);
    List<Envelope> routed = node.awaitRouted(2);
    assertEquals(List.of("one", "missed while away"), routed.stream().map(Envelope::text).toList());
    assertEquals(1, gateway.received(2).size(), "identified once");
  }

  @Test
  void aZombieConnectionIsClosedAndResumed() {
    start(200, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.stopAcking();
    awaitTrue("resume", () -> !gateway.received(6).isEmpty());
    assertTrue(gateway.connections() >= 2);
  }

  @Test
  void aNonResumableInvalidSessionIdentifiesAnew() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.send("{\"op\":9,\"d\":false}");
    awaitTrue("identify again", () -> gateway.received(2).size() == 2);
    assertEquals(0, gateway.received(6).size());
  }

  @Test
  void authenticationFailureStopsReconnecting() throws Exception {
    start(45_000, "wrong-token");
    awaitTrue("refused", () -> gateway.received(2).size() == 1);
    Thread.sleep(800); // several backoff periods
    assertEquals(1, gateway.connections());
  }

  @Test
  void aRateLimitedReplyIsSentAgainAfterRetryAfter() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.messageCreate("1235222735235166212", CHANNEL, GUILD, "!ping");
    Envelope e = node.awaitRouted(1).get(0);
    rest.rateLimitNext(1, "0.3");
    node.reply(e, "pong");
    awaitTrue("sent again", () -> rest.requests().size() == 2);
    long gap = rest.requests().get(1).nanos() - rest.requests().get(0).nanos();
    assertTrue(gap >= 250_000_000L, "waited " + gap / 1_000_000 + " ms");
  }

  @Test
  void garbageFromTheGatewayIsIgnored() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.send("not json");
    gateway.send("{\"op\":\"x\"}");
    gateway.send("{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":99,\"d\":{\"content\":5}}");
    gateway.messageCreate("1235222735235166213", CHANNEL, GUILD, "still fine");
    assertEquals("still fine", node.awaitRouted(1).get(0).text());
  }

  @Test
  void repliesNeverPingEveryoneWhateverTheirText() {
    // The bounded echo (decision 082) defuses @everyone in repeated user text; Discord egress
    // also disables every mention, so even a reply that says @everyone pings no one.
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.messageCreate("1235222735235166209", CHANNEL, GUILD, "!hello");
    Envelope e = node.awaitRouted(1).get(0);
    node.reply(e, "@everyone @here <@&1> hello");
    awaitTrue("posted", () -> rest.requests().size() == 1);
    JsonObject body = rest.requests().get(0).body();
    assertEquals("@everyone @here <@&1> hello", body.getString("content"));
    JsonObject mentions = body.getJsonObject("allowed_mentions");
    assertEquals(0, mentions.getJsonArray("parse").size(), body.encode());
    assertEquals(null, mentions.getValue("roles"));
    assertEquals(null, mentions.getValue("users"));
  }

  @Test
  void aDirectReplyOpensTheUsersDmChannelOnceAndIsPostedThere() {
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.messageCreate("1235222735235166210", CHANNEL, GUILD, "!secret");
    Envelope e = node.awaitRouted(1).get(0);
    node.reply(e, "dm:" + USER, "only for you");
    node.reply(e, "dm:" + USER, "and this too");
    awaitTrue("posted twice", () -> rest.requests().size() == 3);
    List<FakeRestApi.Request> requests = rest.requests();
    assertEquals("/api/v10/users/@me/channels", requests.get(0).path());
    assertEquals(USER, requests.get(0).body().getString("recipient_id"));
    assertEquals("Bot " + TOKEN, requests.get(0).authorization());
    for (FakeRestApi.Request post : requests.subList(1, 3)) {
      assertEquals("/api/v10/channels/" + DM_CHANNEL + "/messages", post.path());
    }
    assertEquals(
        List.of("only for you", "and this too"),
        requests.subList(1, 3).stream().map(r -> r.body().getString("content")).toList());
  }

  @Test
  void aUserWhoCannotBeMessagedIsNotAnsweredInPublic() throws Exception {
    dmStatus = 403;
    start(45_000, TOKEN);
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
    gateway.messageCreate("1235222735235166211", CHANNEL, GUILD, "!secret");
    Envelope e = node.awaitRouted(1).get(0);
    node.reply(e, "dm:" + USER, "only for you");
    awaitTrue("asked for the DM channel", () -> rest.requests().size() == 1);
    node.reply(e, "dm:not-a-user", "nothing");
    // The second (malformed) one is refused without a request; then a normal reply still goes.
    node.reply(e, "a normal reply");
    awaitTrue("the normal reply", () -> rest.requests().size() == 2);
    assertEquals("/api/v10/channels/" + CHANNEL + "/messages", rest.requests().get(1).path());
    assertEquals("a normal reply", rest.requests().get(1).body().getString("content"));
  }
}
