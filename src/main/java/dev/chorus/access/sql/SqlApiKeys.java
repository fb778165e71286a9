package dev.chorus.access.sql;

import dev.chorus.access.ApiKey;
import dev.chorus.access.ApiKeys;
import dev.chorus.access.Scope;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link ApiKeys} on H2 or PostgreSQL ({@code db/statements/access.yaml}, migrations V95, V110).
 */
public final class SqlApiKeys implements ApiKeys {

  private final Pool pool;
  private final Statements sql;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   */
  public SqlApiKeys(SqlDatabase db) {
    this.pool = db.pool();
    this.sql = db.statements("access");
  }

  @Override
  public Future<Void> insert(ApiKey key, String secretHash) {
    return sql.run(
            pool,
            "insert",
            Tuple.of(
                key.id(),
                secretHash,
                key.scope().wire(),
                key.community(),
                key.label(),
                Rows.timestamp(key.createdAt()),
                key.name(),
                key.level()))
        .mapEmpty();
  }

  /**
   * The unique index finds the row by hash; the stored hash is still compared in constant time (the
   * hash of a random secret leaks nothing through the index's timing).
   */
  @Override
  public Future<Optional<ApiKey>> byHash(String secretHash) {
    return sql.run(pool, "byHash", Tuple.of(secretHash))
        .map(
            rows ->
                Rows.first(rows, r -> r)
                    .filter(r -> ApiKeys.same(r.getString(8), secretHash))
                    .map(SqlApiKeys::key));
  }

  @Override
  public Future<Optional<ApiKey>> get(String id) {
    return sql.run(pool, "get", Tuple.of(id)).map(rows -> Rows.first(rows, SqlApiKeys::key));
  }

  @Override
  public Future<List<ApiKey>> list(String community) {
    return (community == null
            ? sql.run(pool, "listAll", Tuple.tuple())
            : sql.run(pool, "list", Tuple.of(community)))
        .map(rows -> Rows.all(rows, SqlApiKeys::key));
  }

  @Override
  public Future<Boolean> revoke(String id, Instant at) {
    return sql.run(pool, "revoke", Tuple.of(Rows.timestamp(at), id)).map(Rows::changed);
  }

  private static ApiKey key(Row r) {
    return new ApiKey(
        r.getString(0),
        Scope.parse(r.getString(1))
            .orElseThrow(() -> new IllegalStateException("stored key has scope " + r.getString(1))),
        r.getString(2),
        r.getString(3),
        Rows.instant(r, 4),
        Rows.instant(r, 5),
        r.getString(6),
        r.getString(7));
  }
}
