package dev.chorus.knowledge;

import java.time.Instant;
import java.util.Locale;

/**
 * A fact or document of a community, with where it came from and whether it may be used.
 *
 * @param source provenance: a URL, {@code chat:<event id>}, {@code admin}, a file name …
 * @param proposedBy who proposed it (person id, admin user)
 * @param reviewedBy who approved or rejected it, null while pending
 * @param version 1 on creation, +1 on every change
 * @param seq position in the store's change feed; grows with every change
 * @param subject who or what the fact is about (a login or a topic, lower case); null for none
 */
public record Fact(
    String id,
    String community,
    Kind kind,
    String title,
    String body,
    String source,
    String proposedBy,
    Status status,
    String reviewedBy,
    Instant createdAt,
    Instant updatedAt,
    int version,
    long seq,
    String subject) {

  /** The last 8 characters of the id: what chat shows and accepts ({@code #1a2b3c4d}). */
  public String shortId() {
    return id.length() <= 8 ? id : id.substring(id.length() - 8);
  }

  public enum Kind {
    FACT,
    DOCUMENT;

    public String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromDb(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** Only APPROVED facts reach the search index and the AI stage. */
  public enum Status {
    PENDING,
    APPROVED,
    REJECTED,
    ARCHIVED;

    public String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromDb(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
