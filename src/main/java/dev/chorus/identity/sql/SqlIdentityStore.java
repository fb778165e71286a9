package dev.chorus.identity.sql;

import dev.chorus.event.Ids;
import dev.chorus.identity.IdentityStore;
import dev.chorus.identity.Person;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@link IdentityStore} on H2 or PostgreSQL ({@code db/statements/identity.yaml}).
 *
 * <p>First sight inserts the person and then the account ({@code ON CONFLICT DO NOTHING}) in one
 * transaction. A concurrent first sight of the same account finds the account taken (no row
 * inserted, or a duplicate-key error where the database reports one), rolls back its person and
 * re-reads the winner: exactly one person per account.
 */
public final class SqlIdentityStore implements IdentityStore {

  private final Pool pool;
  private final Statements sql;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   */
  public SqlIdentityStore(SqlDatabase db) {
    this.pool = db.pool();
    this.sql = db.statements("identity");
  }

  private record Found(Person person, String login, String accountDisplayName) {}

  /** Rolls back a first sight that lost the account to a concurrent one. */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super("account taken by a concurrent first sight", null, false, false);
    }
  }

  @Override
  public Future<Person> resolve(
      String community, String platform, String platformUserId, String login, String displayName) {
    return findAccount(community, platform, platformUserId)
        .compose(
            found ->
                found.isPresent()
                    ? refresh(found.get(), community, platform, platformUserId, login, displayName)
                    : create(community, platform, platformUserId, login, displayName)
                        .recover(
                            lost ->
                                findAccount(community, platform, platformUserId)
                                    .compose(
                                        winner ->
                                            winner.isEmpty()
                                                ? Future.failedFuture(lost)
                                                : refresh(
                                                    winner.get(),
                                                    community,
                                                    platform,
                                                    platformUserId,
                                                    login,
                                                    displayName))));
  }

  @Override
  public Future<Optional<Person>> find(String community, String platform, String platformUserId) {
    return findAccount(community, platform, platformUserId).map(found -> found.map(Found::person));
  }

  private Future<Person> create(
      String community, String platform, String userId, String login, String displayName) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    OffsetDateTime at = Rows.timestamp(now);
    Person person = new Person(Ids.next(), community, displayName, now);
    return pool.withTransaction(
        c ->
            sql.run(c, "createPerson", Tuple.of(person.id(), community, displayName, at))
                .compose(
                    ignored ->
                        sql.run(
                            c,
                            "createAccount",
                            Tuple.of(
                                community, platform, userId, person.id(), login, displayName, at)))
                .compose(
                    rows ->
                        Rows.changed(rows)
                            ? Future.succeededFuture(person)
                            : Future.failedFuture(new LostRace())));
  }

  private Future<Optional<Found>> findAccount(String community, String platform, String userId) {
    return sql.run(pool, "find", Tuple.of(community, platform, userId))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new Found(
                            new Person(
                                r.getString(0), r.getString(1), r.getString(2), Rows.instant(r, 3)),
                            r.getString(4),
                            r.getString(5))));
  }

  /** Renames keep the person: the account's login and name, and the person's name, follow. */
  private Future<Person> refresh(
      Found found,
      String community,
      String platform,
      String userId,
      String login,
      String displayName) {
    Person p = found.person();
    if (login.equals(found.login())
        && displayName.equals(found.accountDisplayName())
        && displayName.equals(p.displayName())) {
      return Future.succeededFuture(p);
    }
    return pool.withTransaction(
            c ->
                sql.run(
                        c,
                        "renameAccount",
                        Tuple.of(login, displayName, community, platform, userId))
                    .compose(ignored -> sql.run(c, "renamePerson", Tuple.of(displayName, p.id()))))
        .map(ignored -> new Person(p.id(), p.community(), displayName, p.firstSeen()));
  }
}
