package dev.chorus.command.pg;

import dev.chorus.command.Alias;
import dev.chorus.command.CommandStore;
import dev.chorus.command.CommandTimer;
import dev.chorus.command.CustomCommand;
import dev.chorus.command.Quote;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link CommandStore} on PostgreSQL. Counters are one {@code INSERT … ON CONFLICT DO UPDATE SET
 * total = total + delta RETURNING total}; a quote takes its number from the same kind of upsert on
 * {@code quote_numbers} inside the statement that inserts it.
 */
public final class PgCommandStore implements CommandStore {

  private static final String COMMAND_COLUMNS =
      "community, name, response, permission, cooldown_seconds, enabled, updated_by, updated_at";
  private static final String QUOTE_COLUMNS = "community, num, text, added_by, created_at";
  private static final String TIMER_COLUMNS =
      "community, name, message, interval_seconds, min_lines, enabled";

  private final Pool pool;

  /**
   * @param pool a pool on the migrated schema; not owned
   */
  public PgCommandStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> putCommand(CustomCommand cmd) {
    return pool.preparedQuery(
            "INSERT INTO custom_commands ("
                + COMMAND_COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                + "ON CONFLICT (community, name) DO UPDATE SET response = EXCLUDED.response, permission = EXCLUDED.permission, "
                + "cooldown_seconds = EXCLUDED.cooldown_seconds, enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, "
                + "updated_at = EXCLUDED.updated_at")
        .execute(
            Tuple.of(
                cmd.community(),
                cmd.name(),
                cmd.response(),
                cmd.permission(),
                cmd.cooldownSeconds(),
                cmd.enabled(),
                cmd.updatedBy(),
                OffsetDateTime.ofInstant(cmd.updatedAt(), ZoneOffset.UTC)))
        .mapEmpty();
  }

  @Override
  public Future<Optional<CustomCommand>> command(String community, String name) {
    return pool.preparedQuery(
            "SELECT "
                + COMMAND_COLUMNS
                + " FROM custom_commands WHERE community = $1 AND name = $2")
        .execute(Tuple.of(community, name))
        .map(rows -> first(rows, PgCommandStore::command));
  }

  @Override
  public Future<List<CustomCommand>> commands(String community) {
    return pool.preparedQuery(
            "SELECT "
                + COMMAND_COLUMNS
                + " FROM custom_commands WHERE community = $1 ORDER BY name")
        .execute(Tuple.of(community))
        .map(rows -> all(rows, PgCommandStore::command));
  }

  @Override
  public Future<Boolean> deleteCommand(String community, String name) {
    return delete(
        "DELETE FROM custom_commands WHERE community = $1 AND name = $2",
        Tuple.of(community, name));
  }

  @Override
  public Future<Void> putAlias(Alias alias) {
    return pool.preparedQuery(
            "INSERT INTO command_aliases (community, alias, target) VALUES ($1, $2, $3) "
                + "ON CONFLICT (community, alias) DO UPDATE SET target = EXCLUDED.target")
        .execute(Tuple.of(alias.community(), alias.alias(), alias.target()))
        .mapEmpty();
  }

  @Override
  public Future<Optional<Alias>> alias(String community, String alias) {
    return pool.preparedQuery(
            "SELECT community, alias, target FROM command_aliases WHERE community = $1 AND alias = $2")
        .execute(Tuple.of(community, alias))
        .map(rows -> first(rows, PgCommandStore::alias));
  }

  @Override
  public Future<List<Alias>> aliases(String community) {
    return pool.preparedQuery(
            "SELECT community, alias, target FROM command_aliases WHERE community = $1 ORDER BY alias")
        .execute(Tuple.of(community))
        .map(rows -> all(rows, PgCommandStore::alias));
  }

  @Override
  public Future<Boolean> deleteAlias(String community, String alias) {
    return delete(
        "DELETE FROM command_aliases WHERE community = $1 AND alias = $2",
        Tuple.of(community, alias));
  }

  @Override
  public Future<Quote> addQuote(String community, String text, String addedBy) {
    return pool.preparedQuery(
            "WITH n AS (INSERT INTO quote_numbers (community, last_num) VALUES ($1, 1) "
                + "ON CONFLICT (community) DO UPDATE SET last_num = quote_numbers.last_num + 1 RETURNING last_num) "
                + "INSERT INTO quotes ("
                + QUOTE_COLUMNS
                + ") SELECT $1, n.last_num, $2, $3, now() FROM n RETURNING "
                + QUOTE_COLUMNS)
        .execute(Tuple.of(community, text, addedBy))
        .map(rows -> quote(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Quote>> quote(String community, long number) {
    return pool.preparedQuery(
            "SELECT " + QUOTE_COLUMNS + " FROM quotes WHERE community = $1 AND num = $2")
        .execute(Tuple.of(community, number))
        .map(rows -> first(rows, PgCommandStore::quote));
  }

  @Override
  public Future<Optional<Quote>> randomQuote(String community) {
    return pool.preparedQuery(
            "SELECT "
                + QUOTE_COLUMNS
                + " FROM quotes WHERE community = $1 "
                + "OFFSET floor(random() * (SELECT count(*) FROM quotes WHERE community = $1)) LIMIT 1")
        .execute(Tuple.of(community))
        .map(rows -> first(rows, PgCommandStore::quote));
  }

  @Override
  public Future<Boolean> deleteQuote(String community, long number) {
    return delete(
        "DELETE FROM quotes WHERE community = $1 AND num = $2", Tuple.of(community, number));
  }

  @Override
  public Future<Long> increment(String community, String counter, long delta) {
    return pool.preparedQuery(
            "INSERT INTO command_counters (community, name, total) VALUES ($1, $2, $3) "
                + "ON CONFLICT (community, name) DO UPDATE SET total = command_counters.total + EXCLUDED.total RETURNING total")
        .execute(Tuple.of(community, counter, delta))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<Long> counter(String community, String counter) {
    return pool.preparedQuery(
            "SELECT total FROM command_counters WHERE community = $1 AND name = $2")
        .execute(Tuple.of(community, counter))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  @Override
  public Future<Void> setCounter(String community, String counter, long value) {
    return pool.preparedQuery(
            "INSERT INTO command_counters (community, name, total) VALUES ($1, $2, $3) "
                + "ON CONFLICT (community, name) DO UPDATE SET total = EXCLUDED.total")
        .execute(Tuple.of(community, counter, value))
        .mapEmpty();
  }

  @Override
  public Future<Void> putTimer(CommandTimer timer) {
    return pool.preparedQuery(
            "INSERT INTO command_timers ("
                + TIMER_COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6) "
                + "ON CONFLICT (community, name) DO UPDATE SET message = EXCLUDED.message, "
                + "interval_seconds = EXCLUDED.interval_seconds, min_lines = EXCLUDED.min_lines, enabled = EXCLUDED.enabled")
        .execute(
            Tuple.of(
                timer.community(),
                timer.name(),
                timer.message(),
                timer.intervalSeconds(),
                timer.minLines(),
                timer.enabled()))
        .mapEmpty();
  }

  @Override
  public Future<List<CommandTimer>> timers(String community) {
    return pool.preparedQuery(
            "SELECT " + TIMER_COLUMNS + " FROM command_timers WHERE community = $1 ORDER BY name")
        .execute(Tuple.of(community))
        .map(
            rows ->
                all(
                    rows,
                    r ->
                        new CommandTimer(
                            r.getString(0),
                            r.getString(1),
                            r.getString(2),
                            r.getInteger(3),
                            r.getInteger(4),
                            r.getBoolean(5))));
  }

  @Override
  public Future<Boolean> deleteTimer(String community, String name) {
    return delete(
        "DELETE FROM command_timers WHERE community = $1 AND name = $2", Tuple.of(community, name));
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

  private Future<Boolean> delete(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(r -> r.rowCount() > 0);
  }

  private static CustomCommand command(Row r) {
    return new CustomCommand(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getInteger(4),
        r.getBoolean(5),
        r.getString(6),
        r.getOffsetDateTime(7).toInstant());
  }

  private static Alias alias(Row r) {
    return new Alias(r.getString(0), r.getString(1), r.getString(2));
  }

  private static Quote quote(Row r) {
    return new Quote(
        r.getString(0),
        r.getLong(1),
        r.getString(2),
        r.getString(3),
        r.getOffsetDateTime(4).toInstant());
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> map) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(map.apply(rows.iterator().next()));
  }

  private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(map.apply(r)));
    return out;
  }
}
