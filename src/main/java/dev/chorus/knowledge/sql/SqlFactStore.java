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
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link FactStore} on H2 or PostgreSQL ({@code db/statements/fact.yaml}); every change is one
 * conditional statement that takes the next {@code fact_seq} and returns the changed row, in a
 * transaction that first takes the feed lock ({@code fact_feed}): writers take sequence numbers in
 * the order they commit, so the change feed never shows a number before a lower one is committed.
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
    return write(conn -> insertRow(conn, f, id, status, reviewer));
  }

  private Future<Fact> insertRow(
      SqlConnection conn, NewFact f, String id, Fact.Status status, String reviewer) {
    return sql.run(
            conn,
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
    return write(
        conn -> sql.run(conn, statement, args).map(rows -> Rows.first(rows, SqlFactStore::fact)));
  }

  /** {@code work} in a transaction that holds the feed lock until it commits. */
  private <T> Future<T> write(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(
        conn ->
            sql.run(conn, "lockTimeout", Tuple.tuple())
                .compose(v -> sql.run(conn, "lockFeed", Tuple.tuple()))
                .compose(v -> work.apply(conn)));
  }

  @Override
  public Future<Optional<Fact>> get(String community, String id) {
    return sql.run(pool, "get", Tuple.of(community, id))
        .map(rows -> Rows.first(rows, SqlFactStore::fact));
  }

  @Override
  public Future<DocumentWrite> putDocument(
      String community, String document, List<NewFact> passages, String by) {
    String pattern = FactStore.documentSource(document, 0).replace("_", "\\_");
    String like = pattern.substring(0, pattern.length() - 1) + "%";
    return write(
        conn ->
            sql.run(conn, "documentPassages", Tuple.of(community, like))
                .map(rows -> Rows.all(rows, SqlFactStore::fact))
                .compose(before -> replace(conn, community, passages, before, by)));
  }

  /** Inserts new passages, approves returning ones, archives those the new version lacks. */
  private Future<DocumentWrite> replace(
      SqlConnection conn, String community, List<NewFact> passages, List<Fact> before, String by) {
    Map<String, Fact> existing = new HashMap<>();
    before.forEach(f -> existing.put(f.id(), f));
    Set<String> wanted = new HashSet<>();
    List<Fact> stored = new ArrayList<>(passages.size());
    int[] counts = new int[2]; // unchanged, archived
    Future<Void> chain = Future.succeededFuture();
    for (NewFact p : passages) {
      if (p.id() == null || !p.community().equals(community) || !wanted.add(p.id())) {
        return Future.failedFuture(
            new IllegalArgumentException("passages need distinct ids in the same community"));
      }
      Fact old = existing.get(p.id());
      chain =
          chain.compose(
              v -> {
                if (old != null && old.status() == Fact.Status.APPROVED) {
                  counts[0]++;
                  stored.add(old);
                  return Future.succeededFuture();
                }
                Future<Fact> written =
                    old == null
                        ? insertRow(conn, p, p.id(), Fact.Status.APPROVED, by)
                        : sql.run(conn, "restore", Tuple.of(by, community, p.id()))
                            .map(rows -> Rows.first(rows, SqlFactStore::fact).orElseThrow());
                return written.map(
                    f -> {
                      stored.add(f);
                      return null;
                    });
              });
    }
    for (Fact old : before) {
      if (!wanted.contains(old.id()) && old.status() != Fact.Status.ARCHIVED) {
        chain =
            chain.compose(
                v ->
                    sql.run(conn, "archive", Tuple.of(by, community, old.id()))
                        .map(
                            rows -> {
                              counts[1]++;
                              return null;
                            }));
      }
    }
    return chain.map(v -> new DocumentWrite(List.copyOf(stored), counts[0], counts[1]));
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
    return write(
        c ->
            sql.run(c, "reassignProposer", Tuple.of(into, community, from))
                .compose(
                    proposed ->
                        sql.run(c, "reassignReviewer", Tuple.of(into, community, from))
                            .map(reviewed -> proposed.rowCount() + reviewed.rowCount())));
  }

  @Override
  public Future<Long> headSeq() {
    return sql.run(pool, "head", Tuple.tuple())
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
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
