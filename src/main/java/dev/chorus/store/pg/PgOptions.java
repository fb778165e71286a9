package dev.chorus.store.pg;

import java.net.URI;
import java.util.Objects;

/**
 * What {@link PgDatabase} needs to reach and prepare its schema. The application maps its own
 * configuration onto this record; the plumbing knows nothing of it.
 *
 * @param url {@code postgresql://host:port/database}, optionally with {@code user[:password]@}
 * @param user used unless the URL carries a user
 * @param password used unless the URL carries one ({@code ""} for none)
 * @param schema the schema Chorus owns: migrated at start-up and every connection's {@code
 *     search_path}; a plain lower-case identifier because it is spliced into SQL
 * @param poolSize connections per process
 * @param connectTimeoutMs connect timeout and how long a caller waits for a pooled connection
 */
public record PgOptions(
    String url, String user, String password, String schema, int poolSize, int connectTimeoutMs) {

  public PgOptions {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new IllegalArgumentException(
          "PostgreSQL url must start with postgresql:// (got " + redacted(url) + ")");
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (user.isEmpty() && URI.create(url).getRawUserInfo() == null) {
      throw new IllegalArgumentException("PostgreSQL user missing: set it or put it in the url");
    }
    if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "PostgreSQL schema must be a lower-case identifier (got " + schema + ")");
    }
    if (poolSize < 1 || poolSize > 256) {
      throw new IllegalArgumentException(
          "PostgreSQL poolSize must be 1..256 (got " + poolSize + ")");
    }
    if (connectTimeoutMs < 1) {
      throw new IllegalArgumentException(
          "PostgreSQL connectTimeoutMs must be positive (got " + connectTimeoutMs + ")");
    }
  }

  /** Everything but the password, for logs and error messages. */
  @Override
  public String toString() {
    return "PgOptions[url="
        + redacted(url)
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "(none)" : "***")
        + ", schema="
        + schema
        + ", poolSize="
        + poolSize
        + ", connectTimeoutMs="
        + connectTimeoutMs
        + "]";
  }

  /** The URL with any password in its user info masked. */
  static String redacted(String url) {
    return url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
  }
}
