package dev.chorus.command.h2;

import dev.chorus.command.Alias;
import dev.chorus.command.CommandStore;
import dev.chorus.command.CommandTimer;
import dev.chorus.command.CustomCommand;
import dev.chorus.command.Quote;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CommandStore} on the embedded H2 database. Counters and quote numbers: the row is created
 * when absent ({@code ON CONFLICT DO NOTHING}), then incremented by one {@code UPDATE} read back
 * through H2's {@code FINAL TABLE}; the update's row lock makes concurrent increments queue up.
 */
public final class H2CommandStore extends H2Store implements CommandStore {

  private static final String COMMAND_COLUMNS =
      "community, name, response, permission, cooldown_seconds, enabled, updated_by, updated_at";

  public H2CommandStore(H2Database db, boolean ownsDatabase) {
    super(db, ownsDatabase);
  }

  @Override
  public Future<Void> putCommand(CustomCommand cmd) {
    return db.call(
        c -> {
          try (PreparedStatement merge =
              c.prepareStatement(
                  "MERGE INTO custom_commands ("
                      + COMMAND_COLUMNS
                      + ") KEY (community, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            merge.setString(1, cmd.community());
            merge.setString(2, cmd.name());
            merge.setString(3, cmd.response());
            merge.setString(4, cmd.permission());
            merge.setInt(5, cmd.cooldownSeconds());
            merge.setBoolean(6, cmd.enabled());
            merge.setString(7, cmd.updatedBy());
            merge.setTimestamp(8, Timestamp.from(cmd.updatedAt()));
            merge.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Future<Optional<CustomCommand>> command(String community, String name) {
    return db.call(c -> first(commands(c, "WHERE community = ? AND name = ?", community, name)));
  }

  @Override
  public Future<List<CustomCommand>> commands(String community) {
    return db.call(c -> commands(c, "WHERE community = ? ORDER BY name", community));
  }

  @Override
  public Future<Boolean> deleteCommand(String community, String name) {
    return db.call(
        c ->
            update(
                    c,
                    "DELETE FROM custom_commands WHERE community = ? AND name = ?",
                    community,
                    name)
                > 0);
  }

  @Override
  public Future<Void> putAlias(Alias alias) {
    return db.call(
        c -> {
          update(
              c,
              "MERGE INTO command_aliases (community, alias, target) KEY (community, alias) VALUES (?, ?, ?)",
              alias.community(),
              alias.alias(),
              alias.target());
          return null;
        });
  }

  @Override
  public Future<Optional<Alias>> alias(String community, String alias) {
    return db.call(c -> first(aliases(c, "WHERE community = ? AND alias = ?", community, alias)));
  }

  @Override
  public Future<List<Alias>> aliases(String community) {
    return db.call(c -> aliases(c, "WHERE community = ? ORDER BY alias", community));
  }

  @Override
  public Future<Boolean> deleteAlias(String community, String alias) {
    return db.call(
        c ->
            update(
                    c,
                    "DELETE FROM command_aliases WHERE community = ? AND alias = ?",
                    community,
                    alias)
                > 0);
  }

  @Override
  public Future<Quote> addQuote(String community, String text, String addedBy) {
    return db.transaction(
        c -> {
          update(
              c,
              "INSERT INTO quote_numbers (community, last_num) VALUES (?, 0) ON CONFLICT DO NOTHING",
              community);
          long number;
          try (PreparedStatement next =
              c.prepareStatement(
                  "SELECT last_num FROM FINAL TABLE (UPDATE quote_numbers SET last_num = last_num + 1 WHERE community = ?)")) {
            next.setString(1, community);
            try (ResultSet rs = next.executeQuery()) {
              rs.next();
              number = rs.getLong(1);
            }
          }
          Instant now = Instant.now();
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO quotes (community, num, text, added_by, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, community);
            insert.setLong(2, number);
            insert.setString(3, text);
            insert.setString(4, addedBy);
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
          }
          return new Quote(community, number, text, addedBy, now);
        });
  }

  @Override
  public Future<Optional<Quote>> quote(String community, long number) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT community, num, text, added_by, created_at FROM quotes WHERE community = ? AND num = ?")) {
            q.setString(1, community);
            q.setLong(2, number);
            return first(quotes(q));
          }
        });
  }

  @Override
  public Future<Optional<Quote>> randomQuote(String community) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT community, num, text, added_by, created_at FROM quotes "
                      + "WHERE community = ? ORDER BY RAND() LIMIT 1")) {
            q.setString(1, community);
            return first(quotes(q));
          }
        });
  }

  @Override
  public Future<Boolean> deleteQuote(String community, long number) {
    return db.call(
        c -> {
          try (PreparedStatement d =
              c.prepareStatement("DELETE FROM quotes WHERE community = ? AND num = ?")) {
            d.setString(1, community);
            d.setLong(2, number);
            return d.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Future<Long> increment(String community, String counter, long delta) {
    return db.transaction(
        c -> {
          update(
              c,
              "INSERT INTO command_counters (community, name, total) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
              community,
              counter);
          try (PreparedStatement add =
              c.prepareStatement(
                  "SELECT total FROM FINAL TABLE "
                      + "(UPDATE command_counters SET total = total + ? WHERE community = ? AND name = ?)")) {
            add.setLong(1, delta);
            add.setString(2, community);
            add.setString(3, counter);
            try (ResultSet rs = add.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public Future<Long> counter(String community, String counter) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT total FROM command_counters WHERE community = ? AND name = ?")) {
            q.setString(1, community);
            q.setString(2, counter);
            try (ResultSet rs = q.executeQuery()) {
              return rs.next() ? rs.getLong(1) : 0L;
            }
          }
        });
  }

  @Override
  public Future<Void> setCounter(String community, String counter, long value) {
    return db.call(
        c -> {
          try (PreparedStatement merge =
              c.prepareStatement(
                  "MERGE INTO command_counters (community, name, total) KEY (community, name) VALUES (?, ?, ?)")) {
            merge.setString(1, community);
            merge.setString(2, counter);
            merge.setLong(3, value);
            merge.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Future<Void> putTimer(CommandTimer timer) {
    return db.call(
        c -> {
          try (PreparedStatement merge =
              c.prepareStatement(
                  "MERGE INTO command_timers "
                      + "(community, name, message, interval_seconds, min_lines, enabled) KEY (community, name) VALUES (?, ?, ?, ?, ?, ?)")) {
            merge.setString(1, timer.community());
            merge.setString(2, timer.name());
            merge.setString(3, timer.message());
            merge.setInt(4, timer.intervalSeconds());
            merge.setInt(5, timer.minLines());
            merge.setBoolean(6, timer.enabled());
            merge.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Future<List<CommandTimer>> timers(String community) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT community, name, message, interval_seconds, min_lines, "
                      + "enabled FROM command_timers WHERE community = ? ORDER BY name")) {
            q.setString(1, community);
            List<CommandTimer> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new CommandTimer(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getBoolean(6)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Future<Boolean> deleteTimer(String community, String name) {
    return db.call(
        c ->
            update(
                    c,
                    "DELETE FROM command_timers WHERE community = ? AND name = ?",
                    community,
                    name)
                > 0);
  }

  private static List<CustomCommand> commands(Connection c, String where, String... args)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT " + COMMAND_COLUMNS + " FROM custom_commands " + where)) {
      bind(q, args);
      List<CustomCommand> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(
              new CustomCommand(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getBoolean(6),
                  rs.getString(7),
                  rs.getTimestamp(8).toInstant()));
        }
      }
      return out;
    }
  }

  private static List<Alias> aliases(Connection c, String where, String... args)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT community, alias, target FROM command_aliases " + where)) {
      bind(q, args);
      List<Alias> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new Alias(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      return out;
    }
  }

  private static List<Quote> quotes(PreparedStatement q) throws SQLException {
    List<Quote> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Quote(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant()));
      }
    }
    return out;
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }
}
