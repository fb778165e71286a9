package dev.chorus.knowledge.h2;

import dev.chorus.event.Ids;
import dev.chorus.knowledge.Fact;
import dev.chorus.knowledge.FactStore;
import dev.chorus.knowledge.NewFact;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Store;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link FactStore} on the embedded H2 database. Changes are one conditional {@code UPDATE} read
 * back through {@code FINAL TABLE}, taking {@code NEXT VALUE FOR fact_seq}.
 */
public final class H2FactStore extends H2Store implements FactStore {

  private static final String COLUMNS =
      "id, community, kind, title, body, source, proposed_by, status, reviewed_by, "
          + "created_at, updated_at, version, seq";

  public H2FactStore(H2Database db, boolean ownsDatabase) {
    super(db, ownsDatabase);
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
    return db.call(
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM FINAL TABLE (INSERT INTO facts ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NEXT VALUE FOR fact_seq))")) {
            Timestamp now = Timestamp.from(Instant.now());
            bind(
                insert,
                Ids.next(),
                f.community(),
                f.kind().dbName(),
                f.title(),
                f.body(),
                f.source(),
                f.proposedBy(),
                status.dbName(),
                reviewer,
                now,
                now);
            return read(insert).get(0);
          }
        });
  }

  @Override
  public Future<Optional<Fact>> approve(String community, String id, String reviewer) {
    return change(
        "status = ?, reviewed_by = ?",
        "status = 'pending'",
        community,
        id,
        Fact.Status.APPROVED.dbName(),
        reviewer);
  }

  @Override
  public Future<Optional<Fact>> reject(String community, String id, String reviewer) {
    return change(
        "status = ?, reviewed_by = ?",
        "status = 'pending'",
        community,
        id,
        Fact.Status.REJECTED.dbName(),
        reviewer);
  }

  @Override
  public Future<Optional<Fact>> revise(
      String community, String id, String title, String body, String source, String by) {
    return change(
        "title = ?, body = ?, source = ?, proposed_by = ?, status = 'pending', reviewed_by = NULL",
        "status <> 'archived'",
        community,
        id,
        title,
        body,
        source,
        by);
  }

  @Override
  public Future<Optional<Fact>> archive(String community, String id, String by) {
    return change(
        "status = 'archived', reviewed_by = ?", "status <> 'archived'", community, id, by);
  }

  /** {@code values} bind the SET placeholders, then community and id bind the WHERE. */
  private Future<Optional<Fact>> change(
      String set, String condition, String community, String id, Object... values) {
    return db.call(
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM FINAL TABLE (UPDATE facts SET "
                      + set
                      + ", updated_at = ?, version = version + 1, seq = NEXT VALUE FOR fact_seq "
                      + "WHERE community = ? AND id = ? AND "
                      + condition
                      + ")")) {
            Object[] args = new Object[values.length + 3];
            System.arraycopy(values, 0, args, 0, values.length);
            args[values.length] = Timestamp.from(Instant.now());
            args[values.length + 1] = community;
            args[values.length + 2] = id;
            bind(update, args);
            List<Fact> facts = read(update);
            return facts.isEmpty() ? Optional.empty() : Optional.of(facts.get(0));
          }
        });
  }

  @Override
  public Future<Optional<Fact>> get(String community, String id) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM facts WHERE community = ? AND id = ?")) {
            bind(q, community, id);
            List<Fact> facts = read(q);
            return facts.isEmpty() ? Optional.empty() : Optional.of(facts.get(0));
          }
        });
  }

  @Override
  public Future<List<Fact>> list(String community, Fact.Status status, int limit) {
    return db.call(
        c -> {
          String sql =
              "SELECT "
                  + COLUMNS
                  + " FROM facts WHERE community = ?"
                  + (status == null ? "" : " AND status = ?")
                  + " ORDER BY updated_at DESC, seq DESC LIMIT ?";
          try (PreparedStatement q = c.prepareStatement(sql)) {
            if (status == null) {
              bind(q, community, limit);
            } else {
              bind(q, community, status.dbName(), limit);
            }
            return read(q);
          }
        });
  }

  @Override
  public Future<List<Fact>> changesSince(long seq, int limit) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM facts WHERE seq > ? ORDER BY seq LIMIT ?")) {
            bind(q, seq, limit);
            return read(q);
          }
        });
  }

  private static List<Fact> read(PreparedStatement q) throws SQLException {
    List<Fact> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Fact(
                rs.getString(1),
                rs.getString(2),
                Fact.Kind.fromDb(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                Fact.Status.fromDb(rs.getString(8)),
                rs.getString(9),
                rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11).toInstant(),
                rs.getInt(12),
                rs.getLong(13)));
      }
    }
    return out;
  }
}
