package dev.chorus.collector;

import static dev.chorus.store.TestServices.await;

import dev.chorus.community.CommunityChanges;
import dev.chorus.community.CommunityStore;
import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.HttpRoutes;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import dev.chorus.testing.TestCommunities;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One Chorus node of a platform collector test: Vert.x, the real interaction log over H2 (deployed
 * or not, to test an outage), the community store, an HTTP server with the collector's routes on
 * port 0, a web client, and a consumer on the ingress address recording what was routed.
 */
public final class PlatformTestNode implements AutoCloseable {

  public final Vertx vertx = Vertx.vertx();
  public final ChorusMetrics metrics = ChorusMetrics.inMemory();
  public final H2Database db;
  public final CommunityStore communities;
  public final WebClient client;
  private final ConcurrentLinkedQueue<Envelope> routed = new ConcurrentLinkedQueue<>();
  private String logDeployment;
  private int port;

  public PlatformTestNode() {
    EnvelopeCodec.register(vertx);
    db = TestServices.openH2(vertx);
    communities = TestCommunities.deploy(vertx, db.sql());
    client = WebClient.create(vertx);
    await(
        vertx
            .eventBus()
            .<Envelope>consumer(
                Addresses.INGRESS,
                m -> {
                  if (Addresses.KIND_PROBE.equals(m.headers().get(Addresses.HEADER_KIND))) {
                    m.reply(null);
                  } else {
                    routed.add(m.body());
                  }
                })
            .completion());
  }

  /** Deploys the interaction log writer. */
  public PlatformTestNode withLog() {
    logDeployment =
        await(
            vertx.deployVerticle(
                new InteractionsVerticle(new H2InteractionLog(db), metrics, 100, 1000)));
    return this;
  }

  /** Undeploys the log writer: the journal address has no consumer (an outage). */
  public void stopLog() {
    await(vertx.undeploy(logDeployment));
    logDeployment = null;
  }

  public void link(String community, String platform, String channelId, String channelName) {
    await(communities.upsert(community, community));
    await(communities.link(community, platform, channelId, channelName));
    // As the admin API does: the directory and the collectors' gates learn of it at once.
    CommunityChanges.publish(vertx.eventBus(), community, true);
    awaitKnown(community);
  }

  /** Waits until the community directory answers that {@code community} exists. */
  private void awaitKnown(String community) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      io.vertx.core.json.JsonObject answer =
          await(
              vertx
                  .eventBus()
                  .<io.vertx.core.json.JsonObject>request(Addresses.COMMUNITY_LOOKUP, community)
                  .map(m -> m.body()));
      if (answer != null && answer.getBoolean("known", false)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the directory does not know " + community);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Starts an HTTP server verticle with {@code routes}; returns its port. */
  public int serve(HttpRoutes routes) {
    await(
        vertx.deployVerticle(
            new VerticleBase() {
              @Override
              public Future<?> start() {
                Router router = Router.router(vertx);
                return routes
                    .mount(vertx, router)
                    .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0))
                    .onSuccess(s -> port = s.actualPort());
              }
            }));
    return port;
  }

  public int port() {
    return port;
  }

  public List<Envelope> routed() {
    return List.copyOf(routed);
  }

  /**
   * Waits (up to 30 s) until at least {@code n} envelopes were routed, and returns them all. To
   * show that something was not routed, send a fresh event after it from the same collector and
   * wait for that one: the collector's sends arrive in order.
   */
  public List<Envelope> awaitRouted(int n) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (routed.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("routed " + routed.size() + " of " + n);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return List.copyOf(routed);
  }

  /** Sends a reply to {@code event} to the collector that accepted it, as the egress stage does. */
  public void reply(Envelope event, String text) {
    reply(event, event.channel().id(), text);
  }

  /** A reply to {@code channel} (e.g. {@code dm:<user id>}) through the event's collector. */
  public void reply(Envelope event, String channel, String text) {
    dev.chorus.event.Delivery d =
        new dev.chorus.event.Delivery(
            dev.chorus.event.Ids.next(), event.id(), event.platform(), channel, text);
    vertx
        .eventBus()
        .send(
            Addresses.egress(event.platform(), event.origin()),
            new io.vertx.core.json.JsonObject(d.toJson()));
  }

  public long logged(String community) {
    return await(new H2InteractionLog(db).count(community, Interaction.Kind.EVENT));
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
