package dev.chorus.knowledge;

/** What a caller supplies for a new fact; the store assigns id, status, times, version and seq. */
public record NewFact(
    String community, Fact.Kind kind, String title, String body, String source, String proposedBy) {

  public NewFact {
    if (community == null
        || community.isBlank()
        || title == null
        || title.isBlank()
        || body == null
        || source == null
        || source.isBlank()
        || proposedBy == null
        || kind == null) {
      throw new IllegalArgumentException(
          "a fact needs community, kind, title, body, source and proposedBy");
    }
  }
}
