package dev.chorus.knowledge.index;

/**
 * One fact as the index returns it: what a search result shows without asking the store.
 *
 * @param score BM25 score on the keyword side, cosine similarity on the vector side, the fused
 *     score after ranking
 */
public record FactHit(
    String id,
    String community,
    String kind,
    String title,
    String text,
    String subject,
    String source,
    String proposedBy,
    String reviewedBy,
    double score) {

  public FactHit withScore(double newScore) {
    return new FactHit(
        id, community, kind, title, text, subject, source, proposedBy, reviewedBy, newScore);
  }
}
