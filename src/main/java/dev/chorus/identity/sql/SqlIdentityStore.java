package dev.chorus.identity.sql;

import dev.chorus.event.Ids;
import dev.chorus.event.PermissionLevel;
import dev.chorus.identity.Account;
import dev.chorus.identity.AuditEntry;
import dev.chorus.identity.IdentityStore;
import dev.chorus.identity.MergeResult;
import dev.chorus.identity.NameChange;
import dev.chorus.identity.NameKeys;
import dev.chorus.identity.Person;
import dev.chorus.identity.UnknownPersonException;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * {@link IdentityStore} on H2 or PostgreSQL ({@code db/statements/identity.yaml}).
 *
 * <p>First sight inserts the person and then the account ({@code ON CONFLICT DO NOTHING}) in one
 * transaction. A concurrent first sight of the same account finds the account taken (no row
 * inserted, or a duplicate-key error where the database reports one), rolls back its person and
 * re-reads the winner: exactly one person per account. First sight and every rename add a row to
 * the account's name history in the same transaction. Merges and unlinks are {@link SqlMerges}.
 */
public final class SqlIdentityStore implements IdentityStore {

  private final Pool pool;
  private final Statements sql;
  private final SqlMerges merges;
  private final SqlLookalikes lookalikes;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   */
  public SqlIdentityStore(SqlDatabase db) {
    this.pool = db.pool();
    this.sql = db.statements("identity");
    this.merges = new SqlMerges(pool, sql);
    this.lookalikes = new SqlLookalikes(sql, merges);
  }

  private record Found(Person person, String login, String accountDisplayName, String nameKey) {}

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

  /** One query for an unchanged account: the account read is also the "before". */
  @Override
  public Future<Resolution> resolveAndCompare(
      String community, String platform, String platformUserId, String login, String displayName) {
    return findAccount(community, platform, platformUserId)
        .compose(
            found ->
                found.isPresent()
                    ? refresh(found.get(), community, platform, platformUserId, login, displayName)
                        .map(p -> new Resolution(p, Optional.of(found.get().person())))
                    : resolve(community, platform, platformUserId, login, displayName)
                        .map(p -> new Resolution(p, Optional.empty())));
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
                            ? sql.run(
                                    c,
                                    "addName",
                                    Tuple.of(community, platform, userId, login, displayName, at))
                                .compose(
                                    v ->
                                        lookalikes.check(
                                            c,
                                            community,
                                            platform,
                                            userId,
                                            person.id(),
                                            displayName))
                                .map(person)
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
                            IdentityRows.foundPerson(r),
                            r.getString(4),
                            r.getString(5),
                            r.getString(9))));
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
    boolean same =
        login.equals(found.login())
            && displayName.equals(found.accountDisplayName())
            && displayName.equals(p.displayName());
    if (same && java.util.Objects.equals(found.nameKey(), NameKeys.of(displayName))) {
      return Future.succeededFuture(p);
    }
    if (same) {
      // An account from before look-alike keys, or a key rule that changed: key it, no rename.
      return pool.withTransaction(
              c -> lookalikes.check(c, community, platform, userId, p.id(), displayName))
          .map(p);
    }
    return pool.withTransaction(
            c ->
                sql.run(
                        c,
                        "renameAccount",
                        Tuple.of(login, displayName, community, platform, userId))
                    .compose(ignored -> sql.run(c, "renamePerson", Tuple.of(displayName, p.id())))
                    .compose(
                        ignored ->
                            sql.run(
                                c,
                                "addName",
                                Tuple.of(
                                    community,
                                    platform,
                                    userId,
                                    login,
                                    displayName,
                                    Rows.timestamp(Instant.now().truncatedTo(ChronoUnit.MICROS)))))
                    .compose(
                        ignored ->
                            lookalikes.check(c, community, platform, userId, p.id(), displayName)))
        .map(ignored -> p.withDisplayName(displayName));
  }

  @Override
  public Future<Optional<Person>> person(String community, String personId) {
    return sql.run(pool, "person", Tuple.of(community, personId))
        .compose(
            rows -> {
              Optional<io.vertx.sqlclient.Row> row = Rows.first(rows, r -> r);
              if (row.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              String mergedInto = row.get().getString(4);
              // Merges re-point earlier merges, so one hop reaches the surviving person.
              return mergedInto == null
                  ? Future.succeededFuture(Optional.of(IdentityRows.person(row.get())))
                  : sql.run(pool, "person", Tuple.of(community, mergedInto))
                      .map(again -> Rows.first(again, IdentityRows::person));
            });
  }

  @Override
  public Future<List<Account>> accounts(String community, String personId) {
    return sql.run(pool, "accounts", Tuple.of(community, personId))
        .map(rows -> Rows.all(rows, IdentityRows::account));
  }

  @Override
  public Future<List<NameChange>> names(String community, String platform, String platformUserId) {
    return sql.run(pool, "names", Tuple.of(community, platform, platformUserId))
        .map(
            rows ->
                Rows.all(
                    rows, r -> new NameChange(r.getString(0), r.getString(1), Rows.instant(r, 2))));
  }

  @Override
  public Future<List<AuditEntry>> audit(String community, String personId) {
    return sql.run(pool, "audit", Tuple.of(community, personId, personId))
        .map(rows -> Rows.all(rows, IdentityRows::audit));
  }

  @Override
  public Future<Person> setNickname(String community, String personId, String nickname) {
    return setAttribute("setNickname", nickname, community, personId);
  }

  @Override
  public Future<Person> setPronouns(String community, String personId, String pronouns) {
    return setAttribute("setPronouns", pronouns, community, personId);
  }

  @Override
  public Future<Person> grant(String community, String personId, PermissionLevel level) {
    return setAttribute("setGranted", IdentityRows.level(level), community, personId);
  }

  private Future<Person> setAttribute(
      String statement, String value, String community, String personId) {
    return sql.run(pool, statement, Tuple.of(value, community, personId))
        .compose(
            rows ->
                Rows.changed(rows)
                    ? person(community, personId).map(Optional::orElseThrow)
                    : Future.failedFuture(new UnknownPersonException("person " + personId)));
  }

  @Override
  public Future<MergeResult> merge(String community, String into, String from, String actor) {
    return merges.merge(community, into, from, actor, Ids.next());
  }

  /**
   * {@link #merge} with the audit row's id chosen by the caller. The audit row is the last step: a
   * taken id makes the merge fail after its other steps ran, which must roll them all back.
   */
  public Future<MergeResult> merge(
      String community, String into, String from, String actor, String auditId) {
    return merges.merge(community, into, from, actor, auditId);
  }

  @Override
  public Future<Person> unlink(
      String community, String platform, String platformUserId, String actor) {
    return merges.unlink(community, platform, platformUserId, actor);
  }

  @Override
  public Future<Boolean> nameReserved(String community, String userName) {
    return sql.run(pool, "nameReserved", Tuple.of(community, userName))
        .map(rows -> rows.iterator().next().getLong(0) > 0);
  }
}
