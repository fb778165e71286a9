package dev.chorus.collector.twitch.eventsub;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.FakeRestApi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Helix subscription client against a local Helix peer. */
class HelixSubscriptionsTest {

  static final String CALLBACK = "https://chorus.example/webhooks/twitch";
  final Vertx vertx = Vertx.vertx();
  FakeRestApi helix;

  @AfterEach
  void tearDown() {
    await(vertx.close());
    helix.close();
  }

  static JsonObject sub(String type, String key, String broadcaster, String status, String cb) {
    return new JsonObject()
        .put("id", type + broadcaster)
        .put("type", type)
        .put("status", status)
        .put("condition", new JsonObject().put(key, broadcaster))
        .put("transport", new JsonObject().put("method", "webhook").put("callback", cb));
  }

  @Test
  void createsOnlyTheMissingSubscriptionsFollowingPages() {
    helix =
        new FakeRestApi(
            (request, ctx) -> {
              if (request.method().equals("GET")) {
                boolean second = ctx.request().getParam("after") != null;
                JsonArray data =
                    second
                        ? new JsonArray()
                            .add(
                                sub(
                                    "channel.raid",
                                    "to_broadcaster_user_id",
                                    "1337",
                                    "enabled",
                                    CALLBACK))
                        : new JsonArray()
                            .add(
                                sub(
                                    "channel.cheer",
                                    "broadcaster_user_id",
                                    "1337",
                                    "enabled",
                                    CALLBACK))
                            .add(
                                sub(
                                    "channel.subscribe",
                                    "broadcaster_user_id",
                                    "1337",
                                    "authorization_revoked",
                                    CALLBACK))
                            .add(
                                sub(
                                    "channel.follow",
                                    "broadcaster_user_id",
                                    "1337",
                                    "enabled",
                                    "https://elsewhere/"));
                JsonObject page = new JsonObject().put("data", data);
                page.put(
                    "pagination",
                    second ? new JsonObject() : new JsonObject().put("cursor", "abc"));
                ctx.response().putHeader("Content-Type", "application/json").end(page.encode());
              } else {
                ctx.response()
                    .setStatusCode(202)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("data", new JsonArray()).encode());
              }
            });
    HelixSubscriptions subs =
        new HelixSubscriptions(
            vertx.createHttpClient(),
            helix.url() + "/helix",
            "client-1",
            "app-token",
            CALLBACK,
            "s3cr3t-for-tests");
    int created = await(subs.sync(Set.of("1337")));
    assertEquals(7, created);
    List<FakeRestApi.Request> posts =
        helix.requests().stream().filter(r -> r.method().equals("POST")).toList();
    assertEquals(7, posts.size());
    List<String> types = posts.stream().map(r -> r.body().getString("type")).sorted().toList();
    assertEquals(
        List.of(
            "channel.channel_points_custom_reward_redemption.add",
            "channel.follow",
            "channel.subscribe",
            "channel.subscription.gift",
            "channel.subscription.message",
            "stream.offline",
            "stream.online"),
        types);
    FakeRestApi.Request follow =
        posts.stream()
            .filter(r -> r.body().getString("type").equals("channel.follow"))
            .findFirst()
            .get();
    assertEquals("2", follow.body().getString("version"));
    assertEquals("1337", follow.body().getJsonObject("condition").getString("moderator_user_id"));
    JsonObject transport = follow.body().getJsonObject("transport");
    assertEquals(CALLBACK, transport.getString("callback"));
    assertEquals("s3cr3t-for-tests", transport.getString("secret"));
    assertEquals("Bearer app-token", follow.authorization());
    assertTrue(
        helix.requests().stream().allMatch(r -> r.path().equals("/helix/eventsub/subscriptions")));
  }

  @Test
  void aRefusedSubscriptionIsCountedOutNotFatal() {
    helix =
        new FakeRestApi(
            (request, ctx) -> {
              if (request.method().equals("GET")) {
                ctx.response().end(new JsonObject().put("data", new JsonArray()).encode());
              } else {
                ctx.response().setStatusCode(409).end("{\"error\":\"Conflict\",\"status\":409}");
              }
            });
    HelixSubscriptions subs =
        new HelixSubscriptions(
            vertx.createHttpClient(), helix.url(), "c", "t", CALLBACK, "s3cr3t-for-tests");
    assertEquals(0, await(subs.sync(Set.of("1", "2"))));
    assertEquals(1 + 18, helix.requests().size());
  }
}
