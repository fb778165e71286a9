package dev.chorus.knowledge.sql;

import dev.chorus.event.Ids;
import dev.chorus.knowledge.Fact;
import dev.chorus.knowledge.FactStore;
import dev.chorus.knowledge.NewFact;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/**
 * {@link FactStore} on H2 or PostgreSQL ({@code db/statements/fact.yaml}); every change is one
 * conditional statement that takes the next {@code fact_seq} and returns the changed row.
 */
public final class SqlFactStore implements FactStore {

  private final Pool pool;
  private final Statements sql;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   */
  public SqlFactStore(SqlDatabase db) {
    this.pool = db.pool();
    this.sql = db.statements("fact");
  }

  @Override
  public Future<Fact> propose(NewFact fact) {
    return insert(fact, Fact.Status.PENDING, null);
  }

  @Override
  public Future<Fact> add(NewFact fact, String approvedBy) {
    return insert(fact, Fact.Status.APPROVED, approvedBy);
  }

  /**
   * Inserts the fact; when the caller chose the id and a fact of that community already has it, the
   * insert fails on the primary key and the stored fact is returned instead (a repeat, not a new
   * fact).
   */
  private Future<Fact> insert(NewFact f, Fact.Status status, String reviewer) {
    if (f.id() == null) {
      return insertRow(f, Ids.next(), status, reviewer);
    }
    return insertRow(f, f.id(), status, reviewer)
        .recover(
            e ->
                get(f.community(), f.id())
                    .compose(
                        existing ->
                            existing.isPresent()
                                ? Future.succeededFuture(existing.get())
                                : Future.failedFuture(e)));
  }

  private Future<Fact> insertRow(NewFact f, String id, Fact.Status status, String reviewer) {
    return sql.run(
            pool,
            "insert",
            Tuple.of(
                id,
                f.community(),
                f.kind().dbName(),
                f.title(),
                f.body(),
                f.source(),
                f.proposedBy(),
                status.dbName(),
                reviewer,
                f.subject()))
        .map(rows -> Rows.first(rows, SqlFactStore::fact).orElseThrow());
  }

  @Override
  public Future<Optional<Fact>> approve(String community, String id, String reviewer) {
    return one("review", Tuple.of(Fact.Status.APPROVED.dbName(), reviewer, community, id));
  }

  @Override
  public Future<Optional<Fact>> reject(String community, String id, String reviewer) {
    return one("review", Tuple.of(Fact.Status.REJECTED.dbName(), reviewer, community, id));
  }

  @Override
  public Future<Optional<Fact>> revise(
      String community, String id, String title, String body, String source, String by) {
    return one("revise", Tuple.of(title, body, source, by, community, id));
  }

  @Override
  public Future<Optional<Fact>> archive(String community, String id, String by) {
    return one("archive", Tuple.of(by, community, id));
  }

  /**
   * At most one fact; for a conditional update, empty when the fact is absent or not in the state
   * the statement requires.
   */
  private Future<Optional<Fact>> one(String statement, Tuple args) {
    return sql.run(pool, statement, args).map(rows -> Rows.first(rows, SqlFactStore::fact));
  }

  @Override
  public Future<Optional<Fact>> get(String community, String id) {
    return one("get", Tuple.of(community, id));
  }

  @Override
  public Future<List<Fact>> list(String community, Fact.Status status, int limit) {
    return status == null
        ? list("list", Tuple.of(community, limit))
        : list("listByStatus", Tuple.of(community, status.dbName(), limit));
  }

  @Override
  public Future<List<Fact>> changesSince(long seq, int limit) {
    return list("changesSince", Tuple.of(seq, limit));
  }

  @Override
  public Future<Integer> reassignPerson(String community, String from, String into) {
    if (from.equals(into)) {
      return Future.succeededFuture(0);
    }
    // One transaction: a fact both proposed and reviewed by the merged person moves whole.
    return pool.withTransaction(
        c ->
            sql.run(c, "reassignProposer", Tuple.of(into, community, from))
                .compose(
                    proposed ->
                        sql.run(c, "reassignReviewer", Tuple.of(into, community, from))
                            .map(reviewed -> proposed.rowCount() + reviewed.rowCount())));
  }

  private Future<List<Fact>> list(String statement, Tuple args) {
    return sql.run(pool, statement, args).map(rows -> Rows.all(rows, SqlFactStore::fact));
  }

  private static Fact fact(Row r) {
    return new Fact(
        r.getString(0),
        r.getString(1),
        Fact.Kind.fromDb(r.getString(2)),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        Fact.Status.fromDb(r.getString(7)),
        r.getString(8),
        Rows.instant(r, 9),
        Rows.instant(r, 10),
        r.getInteger(11),
        r.getLong(12),
        r.getString(13));
  }
}
