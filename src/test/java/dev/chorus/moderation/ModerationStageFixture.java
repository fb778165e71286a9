package dev.chorus.moderation;

import static dev.chorus.store.TestServices.await;

import dev.chorus.community.CommunityStore;
import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.RoutingSlip;
import dev.chorus.event.Step;
import dev.chorus.moderation.analysis.QueryAnalyzer;
import dev.chorus.moderation.history.ChannelHistories;
import dev.chorus.moderation.spam.SpamDetector;
import dev.chorus.state.StateStore;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A moderation stage on a plain Vert.x over real stores (H2 community store, in-process state) and
 * the real spam detector; a consumer on the interaction-log address records what the stage journals
 * and answers as the log does.
 */
final class ModerationStageFixture implements AutoCloseable {

  static final String COMMUNITY = "modtest";

  final Vertx vertx = Vertx.vertx();
  final SqlFixture db = SqlFixture.h2();
  final CommunityStore communities;
  final StateStore state = new InProcessStateStore("t");
  final CommunityModeration moderation;
  final SpamScorer scorer;
  final List<Envelope> journaled = new CopyOnWriteArrayList<>();
  final List<String> finished = new CopyOnWriteArrayList<>();

  /** The interaction kind header of each journaled envelope, by its id. */
  final java.util.Map<String, String> kinds = new java.util.concurrent.ConcurrentHashMap<>();

  private final WorkerExecutor workers;

  ModerationStageFixture() {
    EnvelopeCodec.register(vertx);
    communities = new SqlCommunityStore(db.open(vertx));
    await(communities.upsert(COMMUNITY, "Moderation test"));
    moderation = new CommunityModeration(communities, Duration.ofMillis(1));
    workers = vertx.createSharedWorkerExecutor("test-detector", 2);
    scorer = SpamScorer.onWorkers(SpamDetector.trainBundled(MiniLmEmbedder.shared()), workers);
    vertx
        .eventBus()
        .<Object>consumer(
            Addresses.INTERACTIONS,
            m -> {
              if (Addresses.KIND_FINISHED.equals(m.headers().get(Addresses.HEADER_KIND))) {
                finished.add((String) m.body());
                return;
              }
              Envelope e = (Envelope) m.body();
              kinds.put(e.id(), String.valueOf(m.headers().get(Addresses.HEADER_KIND)));
              journaled.add(e);
              m.reply(new JsonObject().put("new", true).put("id", e.id()));
            });
    await(
        vertx.deployVerticle(
            new ModerationVerticle(
                moderation,
                scorer,
                state,
                new QueryAnalyzer("!", List.of("chorus")),
                "!",
                new ChannelHistories(100, 200, Duration.ofMinutes(5)))));
  }

  void settings(String json) {
    await(communities.putSetting(COMMUNITY, CommunityModeration.SETTING, json));
    moderation.invalidate(COMMUNITY);
  }

  static Envelope chat(String userId, String login, List<String> roles, String text) {
    return chat(userId, login, roles, text, Instant.now(), null);
  }

  static Envelope chat(
      String userId,
      String login,
      List<String> roles,
      String text,
      Instant at,
      Map<String, Object> raw) {
    Envelope e =
        Envelope.accepted(
                EventType.CHAT_MESSAGE,
                COMMUNITY,
                "twitch",
                new Channel("c-1", "marrow"),
                new Author(
                    userId, login, login.substring(0, 1).toUpperCase() + login.substring(1), roles),
                text,
                at,
                "gw-1")
            .withSlip(
                new RoutingSlip(
                    List.of(
                        new Step("command", false, 2000, 0, false),
                        new Step("egress", false, 2000, 0, true))));
    return raw == null ? e : e.withRaw(raw);
  }

  Envelope moderate(Envelope e) {
    return await(vertx.eventBus().<Envelope>request(Addresses.stage(ModerationVerticle.NAME), e))
        .body();
  }

  @Override
  public void close() {
    db.close();
    await(vertx.close());
  }
}
