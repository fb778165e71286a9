package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.knowledge.index.FactIndex;
import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.store.Races;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index follower over a real (H2) fact store: a rebuild ends as one segment with the community
 * filter cached, the follower is ready only after its first catch-up, and its meters say so.
 */
class IndexFollowerTest {

  @TempDir Path dir;
  private Vertx vertx;
  private SqlFixture db;
  private FactStore store;
  private GatedEmbedder embedder;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = SqlFixture.h2();
    store = new SqlFactStore(db.open(vertx));
    embedder = new GatedEmbedder("gated/1", 32);
  }

  @AfterEach
  void stop() {
    embedder.open();
    db.close();
    await(vertx.close());
  }

  /** A document of {@code n} passages in {@code community}, stored in one transaction. */
  private void document(String community, int n) {
    List<NewFact> passages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String text = "Passage " + i + " about the " + (i % 2 == 0 ? "castle" : "harbor");
      passages.add(
          new NewFact(
              community,
              Fact.Kind.DOCUMENT,
              "Guide",
              text,
              FactStore.documentSource("guide.md", i + 1),
              "admin",
              null,
              UUID.nameUUIDFromBytes((community + text).getBytes(StandardCharsets.UTF_8))
                  .toString()));
    }
    await(store.putDocument(community, "guide.md", passages, "admin"));
  }

  @Test
  void aRebuildEndsAsOneSegmentAndReusesTheCommunityFilter() throws Exception {
    int n = IndexFollower.MERGE_AFTER + 100;
    document("big", n);
    document("small", 3);
    try (KnowledgeNode node = new KnowledgeNode(vertx, store, embedder, dir.resolve("i"))) {
      node.sync();
      FactIndex index = node.knowledge.follower().index();
      assertEquals(n + 3, index.size());
      assertEquals(1, index.segments(), "merged after the rebuild");
      assertEquals(n + 3, node.meter(KnowledgeMetrics.DOCUMENTS));
      assertEquals(1, node.meter(KnowledgeMetrics.SEGMENTS));
      assertEquals(0, node.meter(KnowledgeMetrics.FEED_LAG));
      assertEquals(1, node.meter(KnowledgeMetrics.REBUILD, "kind", "rebuild"));
      assertEquals(0, node.meter(KnowledgeMetrics.REBUILD, "kind", "resume"));

      float[] v = embedder.embed("the castle");
      long before = index.filterCacheHits();
      List<String> first = ids(index.vector("big", v, 10));
      assertEquals(10, first.size());
      assertEquals(first, ids(index.vector("big", v, 10)), "the cached filter finds the same");
      assertTrue(index.filterCacheHits() > before, "the second search reused the filter");
      assertEquals(3, index.vector("small", v, 10).size(), "another community, its own filter");
    }
    try (KnowledgeNode again = new KnowledgeNode(vertx, store, embedder, dir.resolve("i"))) {
      again.sync();
      assertEquals(1, again.meter(KnowledgeMetrics.REBUILD, "kind", "resume"));
      assertEquals(0, again.meter(KnowledgeMetrics.REBUILD, "kind", "rebuild"));
      assertEquals(n + 3, again.knowledge.follower().index().size());
    }
  }

  private static List<String> ids(List<dev.chorus.knowledge.index.FactHit> hits) {
    return hits.stream().map(dev.chorus.knowledge.index.FactHit::id).toList();
  }

  @Test
  void notReadyUntilTheFirstCatchUpHasFinished() {
    document("demo", 40);
    embedder.close(); // the first catch-up cannot embed: it is stuck until the gate opens
    try (KnowledgeNode node = new KnowledgeNode(vertx, store, embedder, dir.resolve("i"))) {
      IndexFollower follower = node.knowledge.follower();
      Races.eventually(() -> embedder.held.get() > 0, "the first catch-up reached the model");
      assertFalse(follower.ready(), "not ready while the index misses the store's facts");
      assertTrue(follower.lag() > 0, "behind the store");
      assertEquals(follower.lag(), (long) node.meter(KnowledgeMetrics.FEED_LAG));
      embedder.open();
      await(follower.firstCatchUp());
      assertTrue(follower.ready());
      assertEquals(0, follower.lag());
      assertEquals(40, node.meter(KnowledgeMetrics.DOCUMENTS));
    }
  }
}
