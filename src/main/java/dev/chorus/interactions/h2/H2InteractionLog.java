package dev.chorus.interactions.h2;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link InteractionLog} on the embedded H2 database: one JDBC batch per append, in one
 * transaction.
 */
public final class H2InteractionLog implements InteractionLog {

  private static final String INSERT =
      "INSERT INTO interactions "
          + "(id, kind, type, community, platform, channel_id, author_id, author_name, text, in_reply_to, at, payload) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String CLAIM_KEY =
      "INSERT INTO idempotency_keys (community, idem_key, event_id, created_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String PENDING =
      "INSERT INTO pending_events (event_id, community, received_at, next_at, attempts, payload)"
          + " VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT DO NOTHING";
  private static final String COLUMNS =
      "id, kind, type, community, platform, channel_id, author_id, author_name, text, in_reply_to, at, payload";

  private final H2Database db;

  /**
   * @param db a migrated database; borrowed, not owned
   */
  public H2InteractionLog(H2Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * One transaction: claim the events' keys, insert the rows whose id and key are new, record the
   * new events as unfinished; then force the database file to disk ({@link
   * H2Database#forceBlocking}) before the future completes, so an acknowledged event survives
   * {@code kill -9} and power loss alike. One fsync per batch keeps the cost per event small under
   * load (docs/performance.md).
   */
  @Override
  public Future<Set<String>> append(List<Interaction> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return db.call(
        connection -> {
          Set<String> added;
          connection.setAutoCommit(false);
          try {
            added = insert(connection, batch);
            connection.commit();
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
          db.forceBlocking(connection);
          return added;
        });
  }

  private static Set<String> insert(Connection connection, List<Interaction> batch)
      throws SQLException {
    List<Interaction> rows = new ArrayList<>(batch.size());
    try (PreparedStatement claim = connection.prepareStatement(CLAIM_KEY)) {
      List<Interaction> events = new ArrayList<>();
      for (Interaction row : batch) {
        if (row.kind() == Interaction.Kind.EVENT) {
          claim.setString(1, row.community());
          claim.setString(2, row.effectiveKey());
          claim.setString(3, row.id());
          claim.setTimestamp(4, Timestamp.from(row.at()));
          claim.addBatch();
          events.add(row);
        } else {
          rows.add(row);
        }
      }
      int[] claimed = events.isEmpty() ? new int[0] : claim.executeBatch();
      for (int i = 0; i < claimed.length; i++) {
        if (claimed[i] > 0) {
          rows.add(events.get(i));
        }
      }
    }
    Set<String> added = new HashSet<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT);
        PreparedStatement pending = connection.prepareStatement(PENDING)) {
      for (Interaction row : rows) {
        insert.setString(1, row.id());
        insert.setString(2, row.kind().dbName());
        insert.setString(3, row.type());
        insert.setString(4, row.community());
        insert.setString(5, row.platform());
        insert.setString(6, row.channelId());
        setNullable(insert, 7, row.authorId());
        setNullable(insert, 8, row.authorName());
        setNullable(insert, 9, row.text());
        setNullable(insert, 10, row.inReplyTo());
        insert.setTimestamp(11, Timestamp.from(row.at()));
        insert.setString(12, row.payload());
        insert.addBatch();
      }
      int[] counts = rows.isEmpty() ? new int[0] : insert.executeBatch();
      boolean anyPending = false;
      for (int i = 0; i < counts.length; i++) {
        Interaction row = rows.get(i);
        if (counts[i] > 0) {
          added.add(row.id());
          if (row.kind() == Interaction.Kind.EVENT) {
            pending.setString(1, row.id());
            pending.setString(2, row.community());
            pending.setTimestamp(3, Timestamp.from(row.at()));
            pending.setTimestamp(4, Timestamp.from(row.at()));
            pending.setString(5, row.payload());
            pending.addBatch();
            anyPending = true;
          }
        }
      }
      if (anyPending) {
        pending.executeBatch();
      }
    }
    return added;
  }

  @Override
  public Future<Map<String, String>> keyHolders(String community, Collection<String> keys) {
    return db.call(
        connection -> {
          Map<String, String> holders = new HashMap<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT event_id FROM idempotency_keys WHERE community = ? AND idem_key = ?")) {
            for (String key : keys) {
              query.setString(1, community);
              query.setString(2, key);
              try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                  holders.put(key, rs.getString(1));
                }
              }
            }
          }
          return holders;
        });
  }

  @Override
  public Future<Void> finish(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM pending_events WHERE event_id = ?")) {
            for (String id : eventIds) {
              delete.setString(1, id);
              delete.addBatch();
            }
            delete.executeBatch();
          }
          return null;
        });
  }

  @Override
  public Future<List<Unfinished>> claimUnfinished(Duration retryAfter, int limit) {
    return db.transaction(
        connection -> {
          Timestamp now = Timestamp.from(Instant.now());
          List<Unfinished> claimed = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT event_id, community, attempts, payload FROM pending_events"
                      + " WHERE next_at <= ? ORDER BY next_at LIMIT ? FOR UPDATE")) {
            query.setTimestamp(1, Timestamp.from(now.toInstant().minus(retryAfter)));
            query.setInt(2, limit);
            try (ResultSet rs = query.executeQuery()) {
              while (rs.next()) {
                claimed.add(
                    new Unfinished(
                        rs.getString(1), rs.getString(2), rs.getInt(3) + 1, rs.getString(4)));
              }
            }
          }
          try (PreparedStatement bump =
              connection.prepareStatement(
                  "UPDATE pending_events SET attempts = attempts + 1, next_at = ?"
                      + " WHERE event_id = ?")) {
            for (Unfinished u : claimed) {
              bump.setTimestamp(1, now);
              bump.setString(2, u.eventId());
              bump.addBatch();
            }
            if (!claimed.isEmpty()) {
              bump.executeBatch();
            }
          }
          return claimed;
        });
  }

  @Override
  public Future<Long> unfinished() {
    return db.call(
        connection -> {
          try (Statement query = connection.createStatement();
              ResultSet rs = query.executeQuery("SELECT COUNT(*) FROM pending_events")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public Future<List<Interaction>> latest(
      String community, String channelId, Cursor before, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM interactions WHERE community = ?"
            + (channelId == null ? "" : " AND channel_id = ?")
            + (before == null ? "" : " AND (at < ? OR (at = ? AND id < ?))")
            + " ORDER BY at DESC, id DESC LIMIT ?";
    return db.call(
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            int i = 1;
            query.setString(i++, community);
            if (channelId != null) {
              query.setString(i++, channelId);
            }
            if (before != null) {
              Timestamp at = Timestamp.from(before.at());
              query.setTimestamp(i++, at);
              query.setTimestamp(i++, at);
              query.setString(i++, before.id());
            }
            query.setInt(i, limit);
            return read(query);
          }
        });
  }

  @Override
  public Future<List<Interaction>> byAuthor(
      String community, String platform, String authorId, int limit) {
    return db.call(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM interactions WHERE community = ? AND platform = ? AND author_id = ? ORDER BY at DESC, id DESC LIMIT ?")) {
            query.setString(1, community);
            query.setString(2, platform);
            query.setString(3, authorId);
            query.setInt(4, limit);
            return read(query);
          }
        });
  }

  @Override
  public Future<Long> count(String community, Interaction.Kind kind) {
    return db.call(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM interactions WHERE community = ? AND kind = ?")) {
            query.setString(1, community);
            query.setString(2, kind.dbName());
            try (ResultSet rs = query.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public Future<List<Interaction>> deadLetters(String community, int limit) {
    return db.call(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM interactions WHERE community = ? AND kind = 'dead_letter'"
                      + " ORDER BY at DESC, id DESC LIMIT ?")) {
            query.setString(1, community);
            query.setInt(2, limit);
            return read(query);
          }
        });
  }

  @Override
  public Future<Interaction> deadLetter(String community, String id) {
    return db.call(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM interactions WHERE community = ? AND kind = 'dead_letter'"
                      + " AND id = ?")) {
            query.setString(1, community);
            query.setString(2, id);
            List<Interaction> rows = read(query);
            return rows.isEmpty() ? null : rows.get(0);
          }
        });
  }

  @Override
  public Future<Set<String>> reopen(String community, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return db.call(
        connection -> {
          Set<String> reopened = new LinkedHashSet<>();
          try (PreparedStatement insert = connection.prepareStatement(REOPEN)) {
            for (String id : new LinkedHashSet<>(eventIds)) {
              insert.setTimestamp(1, Timestamp.from(Instant.EPOCH));
              insert.setString(2, community);
              insert.setString(3, id);
              if (insert.executeUpdate() > 0) {
                reopened.add(id);
              }
            }
          }
          db.forceBlocking(connection);
          return reopened;
        });
  }

  /** An event of the community, dead-lettered and not pending, back into the pending table. */
  private static final String REOPEN =
      "INSERT INTO pending_events (event_id, community, received_at, next_at, attempts, payload)"
          + " SELECT e.id, e.community, e.at, ?, 0, e.payload FROM interactions e"
          + " WHERE e.community = ? AND e.kind = 'event' AND e.id = ?"
          + " AND EXISTS (SELECT 1 FROM interactions d WHERE d.community = e.community"
          + " AND d.kind = 'dead_letter' AND d.in_reply_to = e.id)"
          + " ON CONFLICT DO NOTHING";

  private static void setNullable(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private static List<Interaction> read(PreparedStatement query) throws SQLException {
    List<Interaction> rows = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Interaction(
                rs.getString(1),
                Interaction.Kind.fromDb(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getTimestamp(11).toInstant(),
                rs.getString(12)));
      }
    }
    return rows;
  }
}
