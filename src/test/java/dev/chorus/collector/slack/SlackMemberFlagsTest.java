package dev.chorus.collector.slack;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chorus.collector.FakeRestApi;
import dev.chorus.collector.PlatformLinks;
import dev.chorus.collector.PlatformTestNode;
import dev.chorus.event.Envelope;
import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code slack.memberFlags}, a message's author is looked up once with {@code users.info} on a
 * local Web API peer and the workspace flags travel in {@code raw.memberRoles} to the identity
 * stage's role mapping; a failing lookup never holds up or loses the message.
 */
class SlackMemberFlagsTest {

  static final String TEAM = SlackRouteTest.TEAM;
  final SlackSignatureVerifier signer = new SlackSignatureVerifier(SlackRouteTest.SECRET);
  PlatformTestNode node;
  FakeRestApi slack;

  @BeforeEach
  void setUp() {
    slack =
        new FakeRestApi(
            (request, ctx) -> {
              JsonObject answer;
              String user = ctx.request().getParam("user");
              if (!request.path().endsWith("/users.info")) {
                answer = new JsonObject().put("ok", true).put("ts", "1.2");
              } else if ("UADMIN1".equals(user)) {
                answer =
                    new JsonObject()
                        .put("ok", true)
                        .put(
                            "user",
                            new JsonObject()
                                .put("id", user)
                                .put("is_admin", true)
                                .put("is_owner", false)
                                .put("is_primary_owner", false));
              } else if ("UPLAIN1".equals(user)) {
                answer =
                    new JsonObject()
                        .put("ok", true)
                        .put("user", new JsonObject().put("id", user).put("is_admin", false));
              } else {
                answer = new JsonObject().put("ok", false).put("error", "user_not_found");
              }
              ctx.response().putHeader("Content-Type", "application/json").end(answer.encode());
            });
    node = new PlatformTestNode().withLog();
    node.link("demo", "slack", TEAM, "Demo workspace");
    SlackRoute.SlackOptions options =
        new SlackRoute.SlackOptions(
            SlackRouteTest.SECRET,
            "xoxb-test-token",
            slack.url() + "/api",
            Duration.ofSeconds(2),
            1000,
            Duration.ofMillis(300),
            100,
            3,
            Duration.ofSeconds(30),
            true);
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

  private int post(String eventId, String user, String text) {
    String body =
        new JsonObject()
            .put("team_id", TEAM)
            .put("type", "event_callback")
            .put("event_id", eventId)
            .put("event_time", Instant.now().getEpochSecond())
            .put(
                "event",
                new JsonObject()
                    .put("type", "message")
                    .put("channel", "C024BE91L")
                    .put("user", user)
                    .put("text", text)
                    .put("ts", Instant.now().getEpochSecond() + ".000" + eventId.length())
                    .put("channel_type", "channel"))
            .encode();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    var request = node.client.post(node.port(), "127.0.0.1", SlackRoute.PATH);
    request.putHeader(SlackSignatureVerifier.TIMESTAMP, timestamp);
    request.putHeader(SlackSignatureVerifier.SIGNATURE, signer.sign(timestamp, bytes));
    request.putHeader("Content-Type", "application/json");
    return await(request.sendBuffer(Buffer.buffer(bytes))).statusCode();
  }

  private long lookups() {
    return slack.requests().stream()
        .filter(r -> r.path().endsWith("/users.info"))
        .filter(r -> "Bearer xoxb-test-token".equals(r.authorization()))
        .count();
  }

  @Test
  void anAdminsFlagsReachTheEnvelopeAndAreLookedUpOncePerUser() {
    assertEquals(200, post("Ev1", "UADMIN1", "hello"));
    assertEquals(200, post("Ev2", "UADMIN1", "again"));
    List<Envelope> routed = node.awaitRouted(2);
    for (Envelope e : routed) {
      assertEquals(List.of("admin"), e.raw().get(SlackRoute.MEMBER_ROLES));
    }
    assertEquals(1, lookups(), "the second message reads the cached flags");
  }

  @Test
  void aMemberWithoutFlagsAndAFailedLookupStillGoThroughWithNoneAndAreNotAskedAgainAtOnce() {
    assertEquals(200, post("Ev3", "UPLAIN1", "hi"));
    assertEquals(200, post("Ev4", "UGONE99", "hi too"));
    List<Envelope> routed = node.awaitRouted(2);
    for (Envelope e : routed) {
      assertNull(e.raw().get(SlackRoute.MEMBER_ROLES), e.author().id());
    }
    assertEquals(200, post("Ev5", "UGONE99", "once more"));
    assertEquals(200, post("Ev6", "UPLAIN1", "and again"));
    node.awaitRouted(4);
    assertEquals(
        2,
        lookups(),
        "a member without flags is remembered; a failed lookup is not tried again at once");
  }

  @Test
  void theUsersInfoAnswerIsReadStrictly() {
    assertEquals(
        List.of("admin", "owner", "primary_owner"),
        SlackMembers.parse(
            Buffer.buffer(
                "{\"ok\":true,\"user\":{\"is_admin\":true,\"is_owner\":true,"
                    + "\"is_primary_owner\":true}}")));
    assertEquals(List.of(), SlackMembers.parse(Buffer.buffer("{\"ok\":true,\"user\":{}}")));
    assertFalse(
        attempt(() -> SlackMembers.parse(Buffer.buffer("{\"ok\":false,\"error\":\"x\"}"))),
        "ok:false is a failure");
    assertFalse(attempt(() -> SlackMembers.parse(Buffer.buffer("not json"))), "not json");
  }

  private static boolean attempt(Runnable r) {
    try {
      r.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
