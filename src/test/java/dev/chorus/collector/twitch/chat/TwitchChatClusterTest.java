package dev.chorus.collector.twitch.chat;

import static dev.chorus.collector.twitch.chat.FakeTwitchIrc.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.state.StateStore;
import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.redis.RedisStore;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Chorus nodes with the Twitch chat collector, sharing one interaction log and one Redis state
 * store, against one local Twitch-dialect IRC peer.
 */
class TwitchChatClusterTest {

  static final String ROOM = "1001";
  static final String CHANNEL = "streamer";

  FakeTwitchIrc twitch;
  ChatNode a;
  ChatNode b;

  @BeforeEach
  void setUp() {
    String prefix = TestServices.newKeyPrefix();
    Function<Vertx, StateStore> redis =
        vertx ->
            new RedisStateStore(
                await(RedisStore.open(vertx, TestServices.redis(prefix))).client(), prefix);
    twitch = new FakeTwitchIrc("s3cr3t-token", Map.of(CHANNEL, ROOM, "other", "1002"));
    a = new ChatNode(null, redis);
    b = new ChatNode(a.db, redis);
    a.link("c1", ROOM, CHANNEL);
  }

  @AfterEach
  void tearDown() {
    b.close();
    a.close();
    twitch.close();
  }

  @Test
  void twoNodesSendingAsOneAccountStayWithinItsLimitTogether() {
    Duration window = Duration.ofMillis(1500);
    a.start(ChatNode.options(twitch.port(), 4, window, Duration.ZERO));
    b.start(ChatNode.options(twitch.port(), 4, window, Duration.ZERO));
    awaitTrue("both joined", () -> twitch.inChannel(CHANNEL) == 2);
    for (int i = 0; i < 6; i++) {
      a.reply(ROOM, "a" + i);
      b.reply(ROOM, "b" + i);
    }
    awaitTrue("all sent", () -> twitch.lines("PRIVMSG").size() == 12);
    RateWindows.assertWithin(twitch.lines("PRIVMSG"), 4, window);
  }

  @Test
  void twoNodesJoinedToOneChannelLogEachMessageOnce() {
    a.start(ChatNode.options(twitch.port()));
    b.start(ChatNode.options(twitch.port()));
    awaitTrue("both joined", () -> twitch.inChannel(CHANNEL) == 2);
    for (int i = 0; i < 5; i++) {
      twitch.say(CHANNEL, "42", "alice", "message " + i);
    }
    H2InteractionLog log = new H2InteractionLog(a.db);
    awaitTrue(
        "logged",
        () ->
            await(log.count("c1", Interaction.Kind.EVENT)) == 5
                && a.routed().size() + b.routed().size() >= 5);
    twitch.say(CHANNEL, "42", "alice", "!say barrier");
    awaitTrue("barrier", () -> twitch.lines("PRIVMSG").size() == 1);
    assertEquals(6L, await(log.count("c1", Interaction.Kind.EVENT)));
    assertEquals(6, a.routed().size() + b.routed().size());
  }

  @Test
  void withLeasesOneNodeHoldsTheChannelAndTheOtherTakesItOver() {
    Duration ttl = Duration.ofMillis(1000);
    a.start(ChatNode.options(twitch.port(), 20, Duration.ofSeconds(30), ttl));
    awaitTrue("a joined", () -> twitch.inChannel(CHANNEL) == 1);
    b.start(ChatNode.options(twitch.port(), 20, Duration.ofSeconds(30), ttl));
    a.link("c2", "1002", "other");
    awaitTrue("other joined", () -> twitch.inChannel("other") == 1);
    // Several refreshes later each channel still has exactly one holder.
    long refreshes = twitch.lines("JOIN").size();
    sleepMs(800); // several refreshes: leases renewed, nobody joins twice
    assertEquals(1, twitch.inChannel(CHANNEL));
    assertEquals(1, twitch.inChannel("other"));
    assertEquals(refreshes, twitch.lines("JOIN").size());
    a.stopCollector();
    awaitTrue(
        "b took both",
        () ->
            twitch.inChannel(CHANNEL) == 1
                && twitch.inChannel("other") == 1
                && twitch.clients().size() == 1);
  }

  @Test
  void aLeaseOfANodeThatDiedIsTakenOverWhenItExpires() {
    await(
        b.state.put(
            AccountLimits.SCOPE, "irc:lease:" + CHANNEL, "dead-node", Duration.ofMillis(3000)));
    a.start(ChatNode.options(twitch.port(), 20, Duration.ofSeconds(30), Duration.ofMillis(1000)));
    awaitTrue(
        "a connected", () -> twitch.clients().size() == 1 && twitch.clients().get(0).welcomed);
    assertEquals(0, twitch.inChannel(CHANNEL));
    awaitTrue("a took over", () -> twitch.inChannel(CHANNEL) == 1);
  }

  @Test
  void aHolderWhoseLeaseAnotherNodeTookStopsHoldingTheChannel() {
    // A long TTL: the lease can only change hands by another node taking it (as after a pause
    // longer than the TTL), never by expiring during the test.
    Duration ttl = Duration.ofSeconds(60);
    a.start(ChatNode.options(twitch.port(), 20, Duration.ofSeconds(30), ttl));
    awaitTrue("a joined", () -> twitch.inChannel(CHANNEL) == 1);
    b.start(ChatNode.options(twitch.port(), 20, Duration.ofSeconds(30), ttl));
    awaitTrue("b connected", () -> twitch.clients().size() == 2);
    int aConnection = clientIn(CHANNEL);
    String key = "irc:lease:" + CHANNEL;
    assertEquals(Optional.of(a.collector.origin()), await(b.state.get(AccountLimits.SCOPE, key)));
    // b takes the lease over.
    await(b.state.put(AccountLimits.SCOPE, key, b.collector.origin(), ttl));
    awaitTrue(
        "a parted and b joined",
        () -> twitch.inChannel(CHANNEL) == 1 && clientIn(CHANNEL) != aConnection);
    assertTrue(
        twitch.lines("PART").stream().anyMatch(r -> r.connection() == aConnection),
        "the old holder parted");
    // a's later refreshes neither renew b's lease back to a nor rejoin.
    int joins = twitch.lines("JOIN").size();
    sleepMs(800);
    assertEquals(Optional.of(b.collector.origin()), await(a.state.get(AccountLimits.SCOPE, key)));
    assertEquals(1, twitch.inChannel(CHANNEL));
    assertEquals(joins, twitch.lines("JOIN").size());
  }

  /** The connection number of the one client in {@code channel}, or -1. */
  private int clientIn(String channel) {
    return twitch.clients().stream()
        .filter(c -> c.channels.contains(channel))
        .mapToInt(c -> c.number)
        .findFirst()
        .orElse(-1);
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
