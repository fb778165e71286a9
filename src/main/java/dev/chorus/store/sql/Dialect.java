package dev.chorus.store.sql;

import java.util.Locale;

/** The SQL dialects the shared adapters run on; each may override statements of a store. */
public enum Dialect {
  /** H2 in PostgreSQL mode through Vert.x's JDBC pool: JDBC {@code ?} parameters. */
  H2(false),
  /** PostgreSQL through the Vert.x PG client: numbered {@code $1 … $n} parameters. */
  POSTGRESQL(true);

  private final boolean numberedParameters;

  Dialect(boolean numberedParameters) {
    this.numberedParameters = numberedParameters;
  }

  /** True when the client wants {@code $n} instead of {@code ?}. */
  public boolean numberedParameters() {
    return numberedParameters;
  }

  /** The suffix of this dialect's override file ({@code community.h2.yaml}). */
  public String fileSuffix() {
    return name().toLowerCase(Locale.ROOT);
  }
}
