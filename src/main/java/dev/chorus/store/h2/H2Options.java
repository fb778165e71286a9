package dev.chorus.store.h2;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded database lives: a JDBC URL (tests use {@code jdbc:h2:mem:…}), usually built by
 * {@link #file(Path, String, int)} from a data directory and a name.
 *
 * @param jdbcUrl an H2 URL; PostgreSQL mode is expected (the migrations and statements rely on it)
 * @param poolSize connections of each pool (the blocking one and the Vert.x one)
 */
public record H2Options(String jdbcUrl, int poolSize) {

  public H2Options {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException("H2 url must start with jdbc:h2: (got " + jdbcUrl + ")");
    }
    if (poolSize < 1 || poolSize > 64) {
      throw new IllegalArgumentException("H2 poolSize must be 1..64 (got " + poolSize + ")");
    }
  }

  /**
   * {@code <dataDir>/<name>.mv.db}. LOBs up to 16 KB (every interaction payload in practice) are
   * kept in the row instead of H2's separate LOB store, which halves the cost of an interaction-log
   * insert.
   */
  public static H2Options file(Path dataDir, String name, int poolSize) {
    return new H2Options(
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().resolve(name)
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=16384",
        poolSize);
  }

  /** A file database's data file ({@code <path>.mv.db}), or null for an in-memory one. */
  Path dataFile() {
    String prefix = "jdbc:h2:file:";
    if (!jdbcUrl.startsWith(prefix)) {
      return null;
    }
    return Path.of(jdbcUrl.substring(prefix.length()).split(";", 2)[0] + ".mv.db").toAbsolutePath();
  }

  /** A file database's directory, when this is one (created before opening). */
  Path directory() {
    String prefix = "jdbc:h2:file:";
    if (!jdbcUrl.startsWith(prefix)) {
      return null;
    }
    String path = jdbcUrl.substring(prefix.length()).split(";", 2)[0];
    return Path.of(path).toAbsolutePath().getParent();
  }
}
