package dev.chorus.overlay.sql;

import dev.chorus.overlay.OverlayTokens;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** {@link OverlayTokens} on H2 or PostgreSQL ({@code db/statements/overlay.yaml}). */
public final class SqlOverlayTokens implements OverlayTokens {

  private final Pool pool;
  private final Statements sql;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   */
  public SqlOverlayTokens(SqlDatabase db) {
    this.pool = db.pool();
    this.sql = db.statements("overlay");
  }

  @Override
  public Future<Void> put(String community, String tokenHash) {
    return sql.run(pool, "put", Tuple.of(community, tokenHash)).mapEmpty();
  }

  @Override
  public Future<Boolean> matches(String community, String tokenHash) {
    return sql.run(pool, "matches", Tuple.of(community, tokenHash))
        .map(rows -> rows.iterator().hasNext());
  }

  @Override
  public Future<Boolean> exists(String community) {
    return sql.run(pool, "exists", Tuple.of(community)).map(rows -> rows.iterator().hasNext());
  }
}
