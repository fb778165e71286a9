package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.knowledge.index.FactHit;
import dev.chorus.knowledge.index.FactIndex;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieval quality on the labelled set in {@code src/test/resources/knowledge/eval.json}: recall@3
 * and mean reciprocal rank (over the top 10) of the hybrid search against the vector side alone and
 * the keyword side alone, with MiniLM and the default tuning. The numbers are printed and kept in
 * {@code docs/knowledge.md}; the assertions are only a generous floor.
 */
class KnowledgeEvaluationTest {

  private static final Embedder EMBEDDER = MiniLmEmbedder.shared();

  @TempDir Path dir;

  record Score(double recallAt3, double mrr, List<String> misses) {}

  @Test
  void hybridBeatsEitherSideAlone() throws Exception {
    JsonObject set =
        new JsonObject(Files.readString(Path.of("src/test/resources/knowledge/eval.json")));
    JsonArray facts = set.getJsonArray("facts");
    JsonArray questions = set.getJsonArray("questions");
    assertTrue(facts.size() >= 60 && questions.size() >= 40);

    Vertx vertx = Vertx.vertx();
    FactIndex index = FactIndex.open(dir, EMBEDDER.modelId(), EMBEDDER.dimensions());
    EmbeddingQueue queue = new EmbeddingQueue(EMBEDDER, 1, 64);
    try {
      List<Fact> all = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < facts.size(); i++) {
        JsonObject f = facts.getJsonObject(i);
        all.add(
            new Fact(
                f.getString("id"),
                "eval",
                Fact.Kind.FACT,
                ChatCommands.title(f.getString("text")),
                f.getString("text"),
                "eval",
                "eval",
                Fact.Status.APPROVED,
                "eval",
                now,
                now,
                1,
                i + 1,
                null));
      }
      List<float[]> vectors = EMBEDDER.embedAll(all.stream().map(FactIndex::indexText).toList());
      List<FactIndex.Change> changes = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        changes.add(new FactIndex.Change(all.get(i), vectors.get(i)));
      }
      index.apply(changes, all.size());
      KnowledgeSearch search =
          new KnowledgeSearch(
              vertx,
              () -> index,
              queue,
              new KnowledgeSearch.Tuning(0.3, 0.5, 30_000, 0.3)); // the module's defaults

      Map<KnowledgeSearch.Mode, Score> scores = new EnumMap<>(KnowledgeSearch.Mode.class);
      for (KnowledgeSearch.Mode mode : KnowledgeSearch.Mode.values()) {
        int top3 = 0;
        double rr = 0;
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
          JsonObject q = questions.getJsonObject(i);
          List<FactHit> hits =
              await(search.search("eval", q.getString("q"), 10, Set.of(), mode)).items();
          int rank = 0;
          for (int r = 0; r < hits.size(); r++) {
            if (hits.get(r).id().equals(q.getString("expect"))) {
              rank = r + 1;
              break;
            }
          }
          if (rank >= 1 && rank <= 3) {
            top3++;
          } else {
            misses.add(q.getString("q") + " -> " + (rank == 0 ? "not found" : "rank " + rank));
          }
          rr += rank == 0 ? 0 : 1.0 / rank;
        }
        scores.put(
            mode, new Score((double) top3 / questions.size(), rr / questions.size(), misses));
      }
      System.out.printf(
          "knowledge evaluation: %d facts, %d questions%n", facts.size(), questions.size());
      scores.forEach(
          (mode, s) ->
              System.out.printf(
                  "  %-7s recall@3 %.3f  MRR %.3f  misses %s%n",
                  mode, s.recallAt3(), s.mrr(), s.misses()));
      Score hybrid = scores.get(KnowledgeSearch.Mode.HYBRID);
      assertTrue(hybrid.recallAt3() >= 0.8, "hybrid recall@3 " + hybrid.recallAt3());
      assertTrue(hybrid.mrr() >= 0.7, "hybrid MRR " + hybrid.mrr());
      assertTrue(scores.get(KnowledgeSearch.Mode.VECTOR).recallAt3() >= 0.6);
      assertTrue(scores.get(KnowledgeSearch.Mode.KEYWORD).recallAt3() >= 0.3);
      assertTrue(
          hybrid.mrr() >= scores.get(KnowledgeSearch.Mode.KEYWORD).mrr(),
          "fusing never does worse than keywords alone here");
    } finally {
      queue.close();
      index.close();
      await(vertx.close());
    }
  }
}
