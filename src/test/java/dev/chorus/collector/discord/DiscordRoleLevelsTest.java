package dev.chorus.collector.discord;

import static dev.chorus.collector.Waits.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.collector.FakeRestApi;
import dev.chorus.collector.PlatformLinks;
import dev.chorus.collector.PlatformTestNode;
import dev.chorus.event.Addresses;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.PermissionLevel;
import dev.chorus.identity.IdentityVerticle;
import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.state.inprocess.InProcessStateStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Member roles as the Discord Gateway sends them (a local Gateway peer over a real WebSocket),
 * through the collector, to the identity stage, which maps them to levels as the community set up
 * ({@code identity.roles.discord}).
 */
class DiscordRoleLevelsTest {

  static final String GUILD = "1000000000000000001";
  static final String CHANNEL = "1100000000000000001";
  static final String MOD_ROLE = "1200000000000000002";
  static final String FAN_ROLE = "1200000000000000003";

  FakeDiscordGateway gateway;
  FakeRestApi rest;
  PlatformTestNode node;

  @BeforeEach
  void setUp() {
    rest = new FakeRestApi((request, ctx) -> ctx.response().setStatusCode(200).end("{}"));
    node = new PlatformTestNode().withLog();
    node.link("demo", "discord", GUILD, "Demo server");
    EnvelopeCodec.register(node.vertx);
    await(
        node.communities.putSetting(
            "demo",
            "identity.roles.discord",
            "{\"" + MOD_ROLE + "\":\"moderator\",\"" + FAN_ROLE + "\":\"vip\"}"));
    await(
        node.vertx.deployVerticle(
            new IdentityVerticle(new SqlIdentityStore(node.db.sql()), node.communities)));
    gateway = new FakeDiscordGateway(DiscordGatewayVerticleTest.TOKEN, 45_000);
    DiscordOptions options =
        new DiscordOptions(
            DiscordGatewayVerticleTest.TOKEN,
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
    awaitTrue("identify", () -> gateway.received(2).size() == 1);
  }

  @AfterEach
  void tearDown() {
    node.close();
    gateway.close();
    rest.close();
  }

  private PermissionLevel levelOf(Envelope routed) {
    Envelope resolved =
        await(node.vertx.eventBus().<Envelope>request(Addresses.stage("identity"), routed)).body();
    return resolved.get(ContextKeys.PERSON).orElseThrow().level();
  }

  @Test
  void memberRolesFromTheGatewayMapToTheCommunitysLevels() {
    gateway.messageCreate(
        "1235222735235166301", CHANNEL, GUILD, "hi", List.of(FAN_ROLE, MOD_ROLE, "1"));
    gateway.messageCreate("1235222735235166302", CHANNEL, GUILD, "hi", List.of(FAN_ROLE));
    gateway.messageCreate("1235222735235166303", CHANNEL, GUILD, "hi", List.of("999"));
    List<Envelope> routed = node.awaitRouted(3);
    assertEquals(PermissionLevel.MODERATOR, levelOf(routed.get(0)), "the highest mapped role");
    assertEquals(PermissionLevel.VIP, levelOf(routed.get(1)));
    assertEquals(PermissionLevel.VIEWER, levelOf(routed.get(2)), "an unmapped role");
  }
}
