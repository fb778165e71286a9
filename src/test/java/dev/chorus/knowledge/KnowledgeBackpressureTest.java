package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.PermissionLevel;
import dev.chorus.knowledge.index.FactIndex;
import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedding made artificially slow (held until the test lets go): plain messages pass, questions
 * are answered from keywords, nothing waits for the model.
 */
class KnowledgeBackpressureTest {

  @TempDir Path dir;
  private Vertx vertx;
  private SqlFixture db;
  private FactStore store;
  private GatedEmbedder embedder;
  private KnowledgeNode node;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = SqlFixture.h2();
    store = new SqlFactStore(db.open(vertx));
    embedder = new GatedEmbedder("gated/1", 64);
    node =
        new KnowledgeNode(
            vertx,
            store,
            embedder,
            dir.resolve("index"),
            new KnowledgeSearch.Tuning(0.3, 0.5, 100),
            KnowledgeNode.RULES,
            1,
            1);
  }

  @AfterEach
  void stop() {
    embedder.open();
    node.close();
    db.close();
    await(vertx.close());
  }

  @Test
  void slowEmbeddingNeverHoldsUpAMessage() {
    node.mod("demo", "!remember Zorblax is the raid boss on our server");
    node.sync();
    embedder.close();
    List<Future<io.vertx.core.eventbus.Message<Envelope>>> asks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      asks.add(
          vertx
              .eventBus()
              .request(
                  Addresses.stage("knowledge"),
                  KnowledgeNode.message("demo", "v" + i, PermissionLevel.VIEWER, "!ask zorblax?")));
    }
    Envelope plain = KnowledgeNode.message("demo", "v", PermissionLevel.VIEWER, "hello chat");
    assertEquals(plain, node.process(plain), "a plain message passes while the model is stuck");
    for (var ask : asks) {
      String answer = await(ask).body().replies().get(0).text();
      assertTrue(answer.startsWith("Zorblax is the raid boss"), answer);
    }
    KnowledgeSearch.Result degraded =
        await(node.knowledge.search().search("demo", "zorblax", 3, Set.of()));
    assertTrue(degraded.degraded(), "the vector side was left out");
    assertEquals(1, degraded.items().size());
    assertTrue(embedder.held.get() >= 1, "the model was really held");
    // One question is held by the model and one waits; the rest (and the last search) were
    // refused at once, and each search without its vector is counted with its reason.
    assertEquals(1, node.meter(KnowledgeMetrics.EMBEDDING_QUEUE), "one question waiting");
    double refused = node.meter(KnowledgeMetrics.EMBEDDING_REFUSED);
    assertTrue(refused >= 1, "refusals counted");
    assertEquals(
        refused,
        node.meter(KnowledgeMetrics.DEGRADED, "reason", "queue_full"),
        "each one degraded");
    assertTrue(
        node.meter(KnowledgeMetrics.DEGRADED, "reason", "timeout") >= 1,
        "the questions that waited past the budget");
  }

  @Test
  void aFactTaughtWhileTheModelIsStuckIsIndexedWhenItRecovers() {
    embedder.close();
    // The moderator's answer waits only boundedly for this node's index: the write is in the store.
    Envelope taught =
        node.process(
            KnowledgeNode.message(
                "demo",
                "mod1",
                PermissionLevel.MODERATOR,
                "!remember Quillbeast guards the castle"));
    assertTrue(taught.replies().get(0).text().startsWith("Got it"));
    Envelope plain = KnowledgeNode.message("demo", "v", PermissionLevel.VIEWER, "still chatting");
    assertEquals(plain, node.process(plain));
    embedder.open();
    node.sync();
    FactIndex index = node.knowledge.follower().index();
    assertTrue(
        node.viewer("demo", "!ask quillbeast").startsWith("Quillbeast guards"),
        "" + index.appliedSeq());
  }
}
