package dev.chorus.collector.twitch.chat;

import static dev.chorus.store.TestServices.await;

import dev.chorus.collector.twitch.ChannelDirectory;
import dev.chorus.community.CommunityDirectoryVerticle;
import dev.chorus.community.CommunityStore;
import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.event.Addresses;
import dev.chorus.event.Delivery;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Ids;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.state.StateStore;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One Chorus node of a Twitch chat test: a Vert.x instance with the real interaction log over H2,
 * the community store, a state store, and in place of the router and the stages a consumer on the
 * ingress address that answers {@code !say <text>} with a reply {@code <text>} through the
 * collector's egress address (as the egress stage does).
 */
final class ChatNode implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final ChorusMetrics metrics = ChorusMetrics.inMemory();
  final H2Database db;
  final CommunityStore communities;
  final StateStore state;
  final ConcurrentLinkedQueue<Envelope> routed = new ConcurrentLinkedQueue<>();
  private String deployment;
  private boolean directory;
  TwitchChatVerticle collector;

  /**
   * @param shared the H2 database of another node (one log for both), or null for a new one
   */
  ChatNode(H2Database shared, java.util.function.Function<Vertx, StateStore> stateStore) {
    EnvelopeCodec.register(vertx);
    db =
        shared == null
            ? dev.chorus.store.TestServices.openH2(vertx)
            : dev.chorus.store.TestServices.reopenH2(vertx, shared);
    communities = new SqlCommunityStore(db.sql());
    state = stateStore.apply(vertx);
    await(
        vertx.deployVerticle(
            new InteractionsVerticle(new H2InteractionLog(db), metrics, 100, 1000)));
    await(
        vertx
            .eventBus()
            .<Envelope>consumer(
                Addresses.INGRESS,
                m -> {
                  Envelope e = m.body();
                  routed.add(e);
                  if (e.text() != null && e.text().startsWith("!say ")) {
                    Delivery d =
                        new Delivery(
                            Ids.next(),
                            e.id(),
                            e.platform(),
                            e.channel().id(),
                            e.text().substring(5));
                    vertx
                        .eventBus()
                        .send(
                            Addresses.egress(e.platform(), e.origin()), new JsonObject(d.toJson()));
                  }
                })
            .completion());
  }

  void link(String community, String roomId, String login) {
    await(communities.upsert(community, community));
    await(communities.link(community, "twitch", roomId, login));
    // As the admin API does: a directory already running learns of it at once.
    dev.chorus.community.CommunityChanges.publish(vertx.eventBus(), community, true);
  }

  void start(TwitchChatOptions options) {
    start(options, ChatToken.fixed(options.token()));
  }

  void start(TwitchChatOptions options, ChatToken token) {
    if (!directory) {
      // The directory the collector's gate asks, loaded from the (possibly shared) database now.
      await(vertx.deployVerticle(new CommunityDirectoryVerticle(communities, 60_000)));
      directory = true;
    }
    collector =
        new TwitchChatVerticle(options, new ChannelDirectory(communities), state, metrics, token);
    deployment = await(vertx.deployVerticle(collector));
  }

  void stopCollector() {
    await(vertx.undeploy(deployment));
  }

  /** Sends a reply to the collector as the egress stage would. */
  void reply(String roomId, String text) {
    Delivery d = new Delivery(Ids.next(), null, "twitch", roomId, text);
    vertx
        .eventBus()
        .send(Addresses.egress("twitch", collector.origin()), new JsonObject(d.toJson()));
  }

  List<Envelope> routed() {
    return List.copyOf(routed);
  }

  static TwitchChatOptions options(int port) {
    return options(port, 20, Duration.ofSeconds(30), Duration.ZERO);
  }

  static TwitchChatOptions options(
      int port, int messageLimit, Duration messageWindow, Duration leaseTtl) {
    return new TwitchChatOptions(
        "127.0.0.1",
        port,
        false,
        "chorusbot",
        "s3cr3t-token",
        TwitchChatOptions.TWITCH_CAPABILITIES,
        Duration.ofMillis(50),
        Duration.ofMillis(400),
        20,
        Duration.ofSeconds(10),
        messageLimit,
        100,
        messageWindow,
        1000,
        3,
        Duration.ofMillis(200),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        leaseTtl);
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
