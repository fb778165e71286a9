package dev.chorus.identity.sql;

import dev.chorus.event.Ids;
import dev.chorus.event.PermissionLevel;
import dev.chorus.identity.Account;
import dev.chorus.identity.MergeResult;
import dev.chorus.identity.Person;
import dev.chorus.identity.UnknownPersonException;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Merges and unlinks, each one transaction: a failure at any step (a crash, a lost connection, a
 * refused row) rolls back every step before it, so an account is never left half-moved.
 */
final class SqlMerges {

  private final Pool pool;
  private final Statements sql;

  SqlMerges(Pool pool, Statements sql) {
    this.pool = pool;
    this.sql = sql;
  }

  /**
   * @param auditId the audit row's id; the last step, so a taken id fails the merge after the
   *     accounts moved (the contract test's way of failing between steps)
   */
  Future<MergeResult> merge(
      String community, String into, String from, String actor, String auditId) {
    if (into.equals(from)) {
      return Future.failedFuture(new IllegalArgumentException("a person cannot merge into itself"));
    }
    return pool.withTransaction(
        c ->
            person(c, community, into)
                .compose(
                    target ->
                        person(c, community, from)
                            .compose(
                                source -> merge(c, community, target, source, actor, auditId))));
  }

  private Future<MergeResult> merge(
      SqlConnection c, String community, Person into, Person from, String actor, String auditId) {
    PermissionLevel granted = higher(into.granted(), from.granted());
    String nickname = into.nickname() != null ? into.nickname() : from.nickname();
    String pronouns = into.pronouns() != null ? into.pronouns() : from.pronouns();
    Person merged =
        new Person(
            into.id(),
            community,
            into.displayName(),
            nickname,
            pronouns,
            granted,
            into.firstSeen());
    // Both people's rows are locked first (each update requires the person still unmerged), so a
    // concurrent merge of either waits, then finds it merged and fails: no cycles, no lost moves.
    return sql.run(
            c,
            "mergeInto",
            Tuple.of(nickname, pronouns, IdentityRows.level(granted), community, into.id()))
        .compose(rows -> changedOrRaced(rows, into.id()))
        .compose(v -> sql.run(c, "markMerged", Tuple.of(into.id(), community, from.id())))
        .compose(rows -> changedOrRaced(rows, from.id()))
        .compose(v -> sql.run(c, "repointMerged", Tuple.of(into.id(), community, from.id())))
        .compose(v -> accounts(c, community, from.id()))
        .compose(
            moved ->
                sql.run(c, "mergeAccounts", Tuple.of(into.id(), community, from.id()))
                    .compose(
                        v ->
                            audit(
                                c, auditId, community, "merge", into.id(), from.id(), null, null,
                                actor))
                    .map(v -> new MergeResult(merged, from.id(), moved)));
  }

  Future<Person> unlink(String community, String platform, String userId, String actor) {
    return pool.withTransaction(
        c ->
            sql.run(c, "find", Tuple.of(community, platform, userId))
                .compose(
                    rows -> {
                      Optional<Account> found =
                          Rows.first(
                              rows,
                              r ->
                                  new Account(
                                      community,
                                      platform,
                                      userId,
                                      r.getString(0),
                                      r.getString(4),
                                      r.getString(5),
                                      null));
                      if (found.isEmpty()) {
                        return Future.failedFuture(
                            new UnknownPersonException(platform + " account " + userId));
                      }
                      Account account = found.get();
                      return sql.run(c, "countAccounts", Tuple.of(community, account.personId()))
                          .compose(
                              count ->
                                  count.iterator().next().getLong(0) <= 1
                                      ? Future.failedFuture(
                                          new IllegalStateException(
                                              "the person's only account cannot be unlinked"))
                                      : split(c, community, account, actor));
                    }));
  }

  private Future<Person> split(SqlConnection c, String community, Account account, String actor) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Person fresh = new Person(Ids.next(), community, account.displayName(), now);
    return sql.run(
            c,
            "createPerson",
            Tuple.of(fresh.id(), community, fresh.displayName(), Rows.timestamp(now)))
        .compose(
            v ->
                sql.run(
                    c,
                    "moveAccount",
                    Tuple.of(
                        fresh.id(),
                        community,
                        account.platform(),
                        account.platformUserId(),
                        account.personId())))
        .compose(
            moved ->
                Rows.changed(moved)
                    ? audit(
                        c,
                        Ids.next(),
                        community,
                        "unlink",
                        account.personId(),
                        fresh.id(),
                        account.platform(),
                        account.platformUserId(),
                        actor)
                    : Future.failedFuture(
                        new IllegalStateException("the account moved meanwhile; try again")))
        .map(v -> fresh);
  }

  Future<Void> audit(
      SqlConnection c,
      String id,
      String community,
      String action,
      String personId,
      String otherPersonId,
      String platform,
      String platformUserId,
      String actor) {
    return sql.run(
            c,
            "addAudit",
            Tuple.of(
                id,
                community,
                action,
                personId,
                otherPersonId,
                platform,
                platformUserId,
                actor,
                Rows.timestamp(Instant.now().truncatedTo(ChronoUnit.MICROS))))
        .mapEmpty();
  }

  private static Future<Void> changedOrRaced(
      io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows, String id) {
    return Rows.changed(rows)
        ? Future.succeededFuture()
        : Future.failedFuture(
            new IllegalStateException("person " + id + " was merged meanwhile; try again"));
  }

  private Future<Person> person(SqlConnection c, String community, String id) {
    return sql.run(c, "person", Tuple.of(community, id))
        .compose(
            rows -> {
              Optional<io.vertx.sqlclient.Row> row = Rows.first(rows, r -> r);
              if (row.isEmpty()) {
                return Future.failedFuture(new UnknownPersonException("person " + id));
              }
              if (row.get().getString(4) != null) {
                return Future.failedFuture(
                    new IllegalStateException("person " + id + " was merged already"));
              }
              return Future.succeededFuture(IdentityRows.person(row.get()));
            });
  }

  private Future<List<Account>> accounts(SqlConnection c, String community, String personId) {
    return sql.run(c, "accounts", Tuple.of(community, personId))
        .map(rows -> Rows.all(rows, IdentityRows::account));
  }

  private static PermissionLevel higher(PermissionLevel a, PermissionLevel b) {
    if (a == null) {
      return b;
    }
    return b == null || a.atLeast(b) ? a : b;
  }
}
