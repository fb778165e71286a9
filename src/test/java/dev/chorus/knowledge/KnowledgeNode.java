package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;

import dev.chorus.embedding.Embedder;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.PermissionLevel;
import dev.chorus.event.Reply;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One knowledge instance in a test: its own index directory over a given fact store, the index
 * verticle and one stage verticle deployed on the given Vert.x. Messages go to the stage's address
 * as the router sends them.
 */
final class KnowledgeNode implements AutoCloseable {

  static final KnowledgeSearch.Tuning TUNING = new KnowledgeSearch.Tuning(0.3, 0.5, 2000, 0.3);
  static final Knowledge.Rules RULES = new Knowledge.Rules(true, 500, 200, 3, List.of("chorus"));

  final Vertx vertx;
  final Knowledge knowledge;
  final dev.chorus.metrics.ChorusMetrics metrics = dev.chorus.metrics.ChorusMetrics.inMemory();
  private final String stage;
  private final String index;

  KnowledgeNode(Vertx vertx, FactStore store, Embedder embedder, Path dir) {
    this(vertx, store, embedder, dir, TUNING, RULES, 1, 32);
  }

  KnowledgeNode(
      Vertx vertx,
      FactStore store,
      Embedder embedder,
      Path dir,
      KnowledgeSearch.Tuning tuning,
      Knowledge.Rules rules,
      int threads,
      int queue) {
    this.vertx = vertx;
    EnvelopeCodec.register(vertx);
    this.knowledge =
        Knowledge.create(
            vertx,
            store,
            embedder,
            dir,
            0,
            threads,
            queue,
            false,
            tuning,
            rules,
            new KnowledgeMetrics(metrics));
    this.index = await(vertx.deployVerticle(new KnowledgeModule.IndexVerticle(knowledge)));
    this.stage = await(vertx.deployVerticle(new KnowledgeVerticle(knowledge)));
  }

  /** A chat message of {@code login} at {@code level} in {@code community}. */
  static Envelope message(String community, String login, PermissionLevel level, String text) {
    Envelope e =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            community,
            "web",
            new Channel(community, community),
            new Author("u-" + login, login, login, List.of()),
            text,
            Instant.now(),
            null);
    return e.with(
        ContextKeys.PERSON, new ContextKeys.Speaker("person-" + login, login, null, null, level));
  }

  /** The value of counter or gauge {@code name} with {@code tags}, 0 when it does not exist. */
  double meter(String name, String... tags) {
    var search = metrics.registry().find(name).tags(tags);
    if (search.counter() != null) {
      return search.counter().count();
    }
    if (search.gauge() != null) {
      return search.gauge().value();
    }
    return search.timer() == null ? 0 : search.timer().count();
  }

  /** What the stage returns for {@code e}. */
  Envelope process(Envelope e) {
    return await(vertx.eventBus().<Envelope>request(Addresses.stage("knowledge"), e)).body();
  }

  /**
   * The stage's reply text to a message of {@code login} at {@code level}, or null. Waits for the
   * index afterwards, so the next step sees what this one taught even while the model still loads.
   */
  String say(String community, String login, PermissionLevel level, String text) {
    Envelope out = process(message(community, login, level, text));
    sync();
    List<Reply> replies = out.replies();
    return replies.isEmpty() ? null : replies.get(replies.size() - 1).text();
  }

  String viewer(String community, String text) {
    return say(community, "viewer1", PermissionLevel.VIEWER, text);
  }

  String mod(String community, String text) {
    return say(community, "mod1", PermissionLevel.MODERATOR, text);
  }

  /** Waits until this node's index has everything the store has. */
  void sync() {
    await(knowledge.follower().catchUp());
  }

  @Override
  public void close() {
    await(vertx.undeploy(stage));
    await(vertx.undeploy(index));
  }
}
