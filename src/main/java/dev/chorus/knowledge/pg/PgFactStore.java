package dev.chorus.knowledge.pg;

import dev.chorus.event.Ids;
import dev.chorus.knowledge.Fact;
import dev.chorus.knowledge.FactStore;
import dev.chorus.knowledge.NewFact;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link FactStore} on PostgreSQL; every change is one conditional statement that takes the next
 * {@code fact_seq}.
 */
public final class PgFactStore implements FactStore {

  private static final String COLUMNS =
      "id, community, kind, title, body, source, proposed_by, status, reviewed_by, "
          + "created_at, updated_at, version, seq";
  private static final String CHANGE =
      "updated_at = now(), version = version + 1, seq = nextval('fact_seq')";

  private final Pool pool;

  /**
   * @param pool a pool on the migrated schema; not owned
   */
  public PgFactStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Fact> propose(NewFact fact) {
    return insert(fact, Fact.Status.PENDING, null);
  }

  @Override
  public Future<Fact> add(NewFact fact, String approvedBy) {
    return insert(fact, Fact.Status.APPROVED, approvedBy);
  }

  private Future<Fact> insert(NewFact f, Fact.Status status, String reviewer) {
    return pool.preparedQuery(
            "INSERT INTO facts ("
                + COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), now(), 1, "
                + "nextval('fact_seq')) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                Ids.next(),
                f.community(),
                f.kind().dbName(),
                f.title(),
                f.body(),
                f.source(),
                f.proposedBy(),
                status.dbName(),
                reviewer))
        .map(rows -> fact(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Fact>> approve(String community, String id, String reviewer) {
    return review(community, id, reviewer, Fact.Status.APPROVED);
  }

  @Override
  public Future<Optional<Fact>> reject(String community, String id, String reviewer) {
    return review(community, id, reviewer, Fact.Status.REJECTED);
  }

  private Future<Optional<Fact>> review(
      String community, String id, String reviewer, Fact.Status to) {
    return change(
        "status = $3, reviewed_by = $4",
        "status = 'pending'",
        Tuple.of(community, id, to.dbName(), reviewer));
  }

  @Override
  public Future<Optional<Fact>> revise(
      String community, String id, String title, String body, String source, String by) {
    return change(
        "title = $3, body = $4, source = $5, proposed_by = $6, status = 'pending', reviewed_by = NULL",
        "status <> 'archived'",
        Tuple.of(community, id, title, body, source, by));
  }

  @Override
  public Future<Optional<Fact>> archive(String community, String id, String by) {
    return change(
        "status = 'archived', reviewed_by = $3",
        "status <> 'archived'",
        Tuple.of(community, id, by));
  }

  private Future<Optional<Fact>> change(String set, String condition, Tuple args) {
    return pool.preparedQuery(
            "UPDATE facts SET "
                + set
                + ", "
                + CHANGE
                + " WHERE community = $1 AND id = $2 AND "
                + condition
                + " RETURNING "
                + COLUMNS)
        .execute(args)
        .map(PgFactStore::first);
  }

  @Override
  public Future<Optional<Fact>> get(String community, String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM facts WHERE community = $1 AND id = $2")
        .execute(Tuple.of(community, id))
        .map(PgFactStore::first);
  }

  @Override
  public Future<List<Fact>> list(String community, Fact.Status status, int limit) {
    if (status == null) {
      return pool.preparedQuery(
              "SELECT "
                  + COLUMNS
                  + " FROM facts WHERE community = $1 ORDER BY updated_at DESC, seq DESC LIMIT $2")
          .execute(Tuple.of(community, limit))
          .map(PgFactStore::all);
    }
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM facts WHERE community = $1 AND status = $2 "
                + "ORDER BY updated_at DESC, seq DESC LIMIT $3")
        .execute(Tuple.of(community, status.dbName(), limit))
        .map(PgFactStore::all);
  }

  @Override
  public Future<List<Fact>> changesSince(long seq, int limit) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM facts WHERE seq > $1 ORDER BY seq LIMIT $2")
        .execute(Tuple.of(seq, limit))
        .map(PgFactStore::all);
  }

  @Override
  public Future<Void> check() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /** The pool belongs to whoever created it. */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
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
        r.getOffsetDateTime(9).toInstant(),
        r.getOffsetDateTime(10).toInstant(),
        r.getInteger(11),
        r.getLong(12));
  }

  private static Optional<Fact> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(fact(rows.iterator().next()));
  }

  private static List<Fact> all(RowSet<Row> rows) {
    List<Fact> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(fact(r)));
    return out;
  }
}
