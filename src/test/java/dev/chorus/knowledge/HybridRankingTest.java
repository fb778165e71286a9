package dev.chorus.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.knowledge.index.FactHit;
import dev.chorus.knowledge.index.HybridRanking;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HybridRankingTest {

  private static FactHit hit(String id, String subject, double score) {
    return new FactHit(id, "c", "fact", id, "text " + id, subject, "admin", "admin", null, score);
  }

  private static List<String> ids(List<FactHit> hits) {
    return hits.stream().map(FactHit::id).toList();
  }

  @Test
  void aFactBothSidesFindBeatsOneOnlyOneSideFinds() {
    List<FactHit> keyword = List.of(hit("a", null, 12), hit("b", null, 9));
    List<FactHit> vector = List.of(hit("c", null, 0.8), hit("b", null, 0.7));
    List<FactHit> fused = HybridRanking.fuse(keyword, vector, Set.of(), 0.5, 10);
    assertEquals(List.of("b", "a", "c"), ids(fused));
    assertTrue(fused.get(0).score() < 1.0);
    assertEquals(
        1.0,
        HybridRanking.fuse(List.of(hit("x", null, 1)), List.of(hit("x", null, 1)), Set.of(), 0, 1)
            .get(0)
            .score(),
        1e-9,
        "first on both sides scores 1");
  }

  @Test
  void subjectBoostLiftsFactsAboutTheNamedPeople() {
    List<FactHit> keyword = List.of(hit("a", "bob", 5), hit("b", "alice", 4));
    assertEquals(List.of("a", "b"), ids(HybridRanking.fuse(keyword, List.of(), Set.of(), 0.5, 10)));
    assertEquals(
        List.of("b", "a"), ids(HybridRanking.fuse(keyword, List.of(), Set.of("alice"), 0.5, 10)));
    assertEquals(List.of("b", "a"), ids(HybridRanking.single(keyword, Set.of("alice"), 0.5, 10)));
  }

  @Test
  void keepsAtMostKAndNothingFromNothing() {
    assertEquals(List.of(), HybridRanking.fuse(List.of(), List.of(), Set.of(), 0.5, 3));
    List<FactHit> many =
        List.of(hit("a", null, 5), hit("b", null, 4), hit("c", null, 3), hit("d", null, 2));
    assertEquals(List.of("a", "b"), ids(HybridRanking.fuse(many, List.of(), Set.of(), 0.5, 2)));
  }
}
