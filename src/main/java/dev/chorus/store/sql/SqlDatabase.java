package dev.chorus.store.sql;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Objects;

/**
 * A Vert.x SQL pool and the dialect behind it: all a shared SQL adapter needs. The pool belongs to
 * the resource that made it ({@code H2Database}, {@code PgDatabase}), which checks and closes it;
 * adapters only borrow it.
 */
public final class SqlDatabase {

  private final Pool pool;
  private final Dialect dialect;

  public SqlDatabase(Pool pool, Dialect dialect) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  public Pool pool() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The statements of one store ({@code db/statements/<store>.yaml}) for this dialect. */
  public Statements statements(String store) {
    return Statements.load(store, dialect);
  }

  /** Succeeds when the database answers {@code SELECT 1}. */
  public Future<Void> check() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  @Override
  public String toString() {
    return "SqlDatabase[" + dialect + "]";
  }
}
