package dev.chorus.knowledge.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reciprocal-rank fusion of the keyword and the vector results: a fact scores {@code 1 / (60 +
 * rank)} in each list it appears in, summed, so neither side's raw scores (BM25 is unbounded,
 * cosine is not) have to be made comparable. The sum is scaled so that a fact ranked first by both
 * sides scores 1. A fact about one of the {@code subjects} (the speaker, or a person the question
 * names) is multiplied by {@code 1 + subjectBoost}.
 */
public final class HybridRanking {

  /** The usual RRF constant: damps the difference between the first few ranks. */
  public static final int RRF_K = 60;

  private HybridRanking() {}

  public static List<FactHit> fuse(
      List<FactHit> keyword,
      List<FactHit> vector,
      Set<String> subjects,
      double subjectBoost,
      int k) {
    return fuse(keyword, vector, 1.0, subjects, subjectBoost, k);
  }

  /**
   * Weighted fusion: the keyword side's reciprocal ranks count {@code keywordWeight} times the
   * vector side's. A fact first on both sides still scores 1.
   */
  public static List<FactHit> fuse(
      List<FactHit> keyword,
      List<FactHit> vector,
      double keywordWeight,
      Set<String> subjects,
      double subjectBoost,
      int k) {
    Map<String, FactHit> facts = new LinkedHashMap<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    add(keyword, keywordWeight, facts, scores);
    add(vector, 1.0, facts, scores);
    double scale = (RRF_K + 1) / (1.0 + keywordWeight);
    List<FactHit> out = new ArrayList<>(facts.size());
    for (Map.Entry<String, FactHit> e : facts.entrySet()) {
      FactHit hit = e.getValue();
      double score = scores.get(e.getKey()) * scale;
      if (hit.subject() != null && subjects.contains(hit.subject())) {
        score *= 1 + subjectBoost;
      }
      out.add(hit.withScore(score));
    }
    out.sort(Comparator.comparingDouble(FactHit::score).reversed().thenComparing(FactHit::id));
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  private static void add(
      List<FactHit> ranked, double weight, Map<String, FactHit> facts, Map<String, Double> scores) {
    for (int i = 0; i < ranked.size(); i++) {
      FactHit hit = ranked.get(i);
      facts.putIfAbsent(hit.id(), hit);
      scores.merge(hit.id(), weight / (RRF_K + i + 1), Double::sum);
    }
  }

  /**
   * One side's results alone, re-ranked by subject the same way (for the single-side modes): the
   * score stays that side's own.
   */
  public static List<FactHit> single(
      List<FactHit> ranked, Set<String> subjects, double subjectBoost, int k) {
    List<FactHit> out = new ArrayList<>(ranked.size());
    for (FactHit hit : ranked) {
      boolean about = hit.subject() != null && subjects.contains(hit.subject());
      out.add(about ? hit.withScore(hit.score() * (1 + subjectBoost)) : hit);
    }
    out.sort(Comparator.comparingDouble(FactHit::score).reversed().thenComparing(FactHit::id));
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }
}
