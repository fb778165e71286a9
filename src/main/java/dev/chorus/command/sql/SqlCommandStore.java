package dev.chorus.command.sql;

import dev.chorus.command.Alias;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.CommandStore;
import dev.chorus.command.CommandTimer;
import dev.chorus.command.CustomCommand;
import dev.chorus.command.Quote;
import dev.chorus.command.ResponseMode;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CommandStore} on H2 or PostgreSQL ({@code db/statements/command.yaml}).
 *
 * <p>Counters and quote numbers move by one atomic increment that returns the new value (see {@link
 * #bump}); a quote takes its number and is inserted in one transaction, so a failed insert does not
 * burn a number.
 */
public final class SqlCommandStore implements CommandStore {

  private final Pool pool;
  private final Statements sql;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   */
  public SqlCommandStore(SqlDatabase db) {
    this.pool = db.pool();
    this.sql = db.statements("command");
  }

  @Override
  public Future<Void> putCommand(CustomCommand cmd) {
    CommandPolicy p = cmd.policy();
    return sql.run(
            pool,
            "putCommand",
            Tuple.wrap(
                java.util.Arrays.asList(
                    cmd.community(),
                    cmd.name(),
                    cmd.response(),
                    p.level().wire(),
                    p.globalCooldownSeconds(),
                    cmd.enabled(),
                    cmd.updatedBy(),
                    Rows.timestamp(cmd.updatedAt()),
                    p.personCooldownSeconds(),
                    p.channelLimit(),
                    p.channelWindowSeconds(),
                    String.join(",", new java.util.TreeSet<>(p.platforms())),
                    p.mode().wire(),
                    p.shadow(),
                    cmd.description())))
        .mapEmpty();
  }

  @Override
  public Future<Optional<CustomCommand>> command(String community, String name) {
    return sql.run(pool, "command", Tuple.of(community, name))
        .map(rows -> Rows.first(rows, SqlCommandStore::command));
  }

  @Override
  public Future<List<CustomCommand>> commands(String community) {
    return sql.run(pool, "commands", Tuple.of(community))
        .map(rows -> Rows.all(rows, SqlCommandStore::command));
  }

  @Override
  public Future<Boolean> deleteCommand(String community, String name) {
    return sql.run(pool, "deleteCommand", Tuple.of(community, name)).map(Rows::changed);
  }

  @Override
  public Future<Void> putAlias(Alias alias) {
    return sql.run(pool, "putAlias", Tuple.of(alias.community(), alias.alias(), alias.target()))
        .mapEmpty();
  }

  @Override
  public Future<Optional<Alias>> alias(String community, String alias) {
    return sql.run(pool, "alias", Tuple.of(community, alias))
        .map(rows -> Rows.first(rows, SqlCommandStore::alias));
  }

  @Override
  public Future<List<Alias>> aliases(String community) {
    return sql.run(pool, "aliases", Tuple.of(community))
        .map(rows -> Rows.all(rows, SqlCommandStore::alias));
  }

  @Override
  public Future<Boolean> deleteAlias(String community, String alias) {
    return sql.run(pool, "deleteAlias", Tuple.of(community, alias)).map(Rows::changed);
  }

  @Override
  public Future<Quote> addQuote(String community, String text, String addedBy) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return pool.withTransaction(
        c ->
            bump(
                    c,
                    "nextQuoteNumber",
                    Tuple.of(community),
                    "createQuoteNumber",
                    Tuple.of(community))
                .compose(
                    number ->
                        sql.run(
                                c,
                                "addQuote",
                                Tuple.of(community, number, text, addedBy, Rows.timestamp(now)))
                            .map(ignored -> new Quote(community, number, text, addedBy, now))));
  }

  @Override
  public Future<Optional<Quote>> quote(String community, long number) {
    return sql.run(pool, "quote", Tuple.of(community, number))
        .map(rows -> Rows.first(rows, SqlCommandStore::quote));
  }

  @Override
  public Future<Optional<Quote>> randomQuote(String community) {
    return sql.run(pool, "randomQuote", Tuple.of(community))
        .map(rows -> Rows.first(rows, SqlCommandStore::quote));
  }

  @Override
  public Future<Boolean> deleteQuote(String community, long number) {
    return sql.run(pool, "deleteQuote", Tuple.of(community, number)).map(Rows::changed);
  }

  @Override
  public Future<List<Quote>> quotes(String community, long after, int limit) {
    return sql.run(pool, "quotes", Tuple.of(community, after, limit))
        .map(rows -> Rows.all(rows, SqlCommandStore::quote));
  }

  @Override
  public Future<Long> increment(String community, String counter, long delta) {
    return bump(
        pool,
        "increment",
        Tuple.of(delta, community, counter),
        "createCounter",
        Tuple.of(community, counter));
  }

  @Override
  public Future<Long> counter(String community, String counter) {
    return sql.run(pool, "counter", Tuple.of(community, counter))
        .map(rows -> Rows.first(rows, r -> r.getLong(0)).orElse(0L));
  }

  @Override
  public Future<Void> setCounter(String community, String counter, long value) {
    return sql.run(pool, "setCounter", Tuple.of(community, counter, value)).mapEmpty();
  }

  @Override
  public Future<Void> putTimer(CommandTimer timer) {
    return sql.run(
            pool,
            "putTimer",
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
    return sql.run(pool, "timers", Tuple.of(community))
        .map(
            rows ->
                Rows.all(
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
    return sql.run(pool, "deleteTimer", Tuple.of(community, name)).map(Rows::changed);
  }

  /**
   * Runs {@code increment}, an atomic update returning the new value. When its row does not exist
   * yet nothing changes: {@code create} makes the row at 0 (changing nothing when a concurrent
   * caller made it first) and the increment runs again. No read-modify-write in Java, and the
   * common case is one statement.
   */
  private Future<Long> bump(
      SqlClient client, String increment, Tuple incrementArgs, String create, Tuple createArgs) {
    return sql.run(client, increment, incrementArgs)
        .compose(
            rows -> {
              Optional<Long> value = Rows.first(rows, r -> r.getLong(0));
              if (value.isPresent()) {
                return Future.succeededFuture(value.get());
              }
              return sql.run(client, create, createArgs)
                  .compose(created -> sql.run(client, increment, incrementArgs))
                  .map(again -> Rows.first(again, r -> r.getLong(0)).orElseThrow());
            });
  }

  private static CustomCommand command(Row r) {
    String platforms = r.getString(11);
    CommandPolicy policy =
        new CommandPolicy(
            CommandPolicy.level(r.getString(3)),
            r.getInteger(4),
            r.getInteger(8),
            r.getInteger(9),
            r.getInteger(10),
            platforms.isEmpty() ? Set.of() : Set.of(platforms.split(",")),
            ResponseMode.parse(r.getString(12)),
            r.getBoolean(13));
    return new CustomCommand(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        policy,
        r.getBoolean(5),
        r.getString(14),
        r.getString(6),
        Rows.instant(r, 7));
  }

  private static Alias alias(Row r) {
    return new Alias(r.getString(0), r.getString(1), r.getString(2));
  }

  private static Quote quote(Row r) {
    return new Quote(
        r.getString(0), r.getLong(1), r.getString(2), r.getString(3), Rows.instant(r, 4));
  }
}
