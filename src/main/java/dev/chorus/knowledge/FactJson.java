package dev.chorus.knowledge;

import dev.chorus.knowledge.index.FactHit;
import io.vertx.core.json.JsonObject;

/** The admin API's JSON forms of a fact and of a search result (see the OpenAPI document). */
final class FactJson {

  /** Prefix of a document passage's source: {@code document:<name>#<passage>}. */
  static final String DOCUMENT = "document:";

  private FactJson() {}

  static JsonObject fact(Fact f) {
    return new JsonObject()
        .put("id", f.id())
        .put("community", f.community())
        .put("kind", f.kind().dbName())
        .put("text", f.body())
        .put("subject", f.subject())
        .put("status", f.status().dbName())
        .put(
            "provenance",
            provenance(f.kind().dbName(), f.title(), f.source(), f.proposedBy(), f.reviewedBy()))
        .put("createdAt", f.createdAt().toString())
        .put("updatedAt", f.updatedAt().toString())
        .put("version", f.version());
  }

  static JsonObject hit(FactHit h) {
    return new JsonObject()
        .put("id", h.id())
        .put("text", h.text())
        .put("subject", h.subject())
        .put("score", h.score())
        .put(
            "provenance",
            provenance(h.kind(), h.title(), h.source(), h.proposedBy(), h.reviewedBy()));
  }

  /**
   * Who taught it and from where: {@code source} ({@code chat:<event id>}, {@code admin}, {@code
   * document:<name>#<n>}), {@code proposedBy}, {@code reviewedBy}, and for a document passage the
   * document's name and the passage's title.
   */
  private static JsonObject provenance(
      String kind, String title, String source, String proposedBy, String reviewedBy) {
    JsonObject p =
        new JsonObject()
            .put("source", source)
            .put("proposedBy", proposedBy)
            .put("reviewedBy", reviewedBy);
    if (Fact.Kind.DOCUMENT.dbName().equals(kind) && source.startsWith(DOCUMENT)) {
      String rest = source.substring(DOCUMENT.length());
      int hash = rest.lastIndexOf('#');
      p.put("document", hash < 0 ? rest : rest.substring(0, hash));
      p.put("passage", title);
    }
    return p;
  }
}
