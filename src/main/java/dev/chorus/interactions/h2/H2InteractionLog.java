package dev.chorus.interactions.h2;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
  private static final String COLUMNS =
      "id, kind, type, community, platform, channel_id, author_id, author_name, text, in_reply_to, at, payload";

  private final H2Database db;

  /**
   * @param db a migrated database; borrowed, not owned
   */
  public H2InteractionLog(H2Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Set<String>> append(List<Interaction> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return db.transaction(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Interaction row : batch) {
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
            int[] counts = insert.executeBatch();
            Set<String> added = new HashSet<>();
            for (int i = 0; i < counts.length; i++) {
              if (counts[i] > 0) {
                added.add(batch.get(i).id());
              }
            }
            return added;
          }
        });
  }

  @Override
  public Future<List<Interaction>> latest(String community, String channelId, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM interactions WHERE community = ?"
            + (channelId == null ? "" : " AND channel_id = ?")
            + " ORDER BY at DESC, id DESC LIMIT ?";
    return db.call(
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            int i = 1;
            query.setString(i++, community);
            if (channelId != null) {
              query.setString(i++, channelId);
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
