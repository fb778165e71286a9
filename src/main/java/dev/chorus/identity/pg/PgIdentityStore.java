package dev.chorus.identity.pg;

import dev.chorus.event.Ids;
import dev.chorus.identity.IdentityStore;
import dev.chorus.identity.Person;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@link IdentityStore} on PostgreSQL. First sight is one statement: the account insert ({@code ON
 * CONFLICT DO NOTHING}) and the person insert fed by it, so a losing concurrent first sight creates
 * nothing and re-reads the winner; exactly one person per account. A rename is one statement
 * updating the account and the person together.
 */
public final class PgIdentityStore implements IdentityStore {

  private static final String FIND =
      "SELECT p.id, p.community, p.display_name, p.first_seen, a.login, a.display_name "
          + "FROM platform_accounts a JOIN persons p ON p.id = a.person_id "
          + "WHERE a.community = $1 AND a.platform = $2 AND a.platform_user_id = $3";

  /** The foreign key is checked at the end of the statement, after both inserts. */
  private static final String CREATE =
      "WITH account AS ("
          + " INSERT INTO platform_accounts (community, platform, platform_user_id, person_id, login, display_name, updated_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING person_id)"
          + " INSERT INTO persons (id, community, display_name, first_seen)"
          + " SELECT person_id, $1, $6, $7 FROM account RETURNING id";

  private static final String RENAME =
      "WITH account AS ("
          + " UPDATE platform_accounts SET login = $4, display_name = $5, updated_at = now()"
          + " WHERE community = $1 AND platform = $2 AND platform_user_id = $3 RETURNING person_id)"
          + " UPDATE persons p SET display_name = $5 FROM account WHERE p.id = account.person_id"
          + " RETURNING p.id, p.community, p.display_name, p.first_seen";

  private final Pool pool;

  /**
   * @param pool a pool on the migrated schema; not owned
   */
  public PgIdentityStore(Pool pool) {
    this.pool = pool;
  }

  private record Found(Person person, String login, String accountDisplayName) {}

  @Override
  public Future<Person> resolve(
      String community, String platform, String platformUserId, String login, String displayName) {
    return findAccount(community, platform, platformUserId)
        .compose(
            found -> {
              if (found.isPresent()) {
                return refresh(
                    found.get(), community, platform, platformUserId, login, displayName);
              }
              Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
              String id = Ids.next();
              return pool.preparedQuery(CREATE)
                  .execute(
                      Tuple.of(
                          community,
                          platform,
                          platformUserId,
                          id,
                          login,
                          displayName,
                          OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                  .compose(
                      rows -> {
                        if (rows.rowCount() == 1) {
                          return Future.succeededFuture(
                              new Person(id, community, displayName, now));
                        }
                        // Lost a first-sight race: the other writer's person wins.
                        return findAccount(community, platform, platformUserId)
                            .compose(
                                winner ->
                                    winner
                                        .map(
                                            w ->
                                                refresh(
                                                    w,
                                                    community,
                                                    platform,
                                                    platformUserId,
                                                    login,
                                                    displayName))
                                        .orElseGet(
                                            () ->
                                                Future.failedFuture(
                                                    new IllegalStateException(
                                                        "account "
                                                            + platform
                                                            + "/"
                                                            + platformUserId
                                                            + " vanished during first sight"))));
                      });
            });
  }

  @Override
  public Future<Optional<Person>> find(String community, String platform, String platformUserId) {
    return findAccount(community, platform, platformUserId).map(found -> found.map(Found::person));
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

  private Future<Optional<Found>> findAccount(String community, String platform, String userId) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(community, platform, userId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(new Found(person(r), r.getString(4), r.getString(5)));
            });
  }

  private Future<Person> refresh(
      Found found,
      String community,
      String platform,
      String userId,
      String login,
      String displayName) {
    if (login.equals(found.login())
        && displayName.equals(found.accountDisplayName())
        && displayName.equals(found.person().displayName())) {
      return Future.succeededFuture(found.person());
    }
    return pool.preparedQuery(RENAME)
        .execute(Tuple.of(community, platform, userId, login, displayName))
        .map(
            (RowSet<Row> rows) ->
                rows.size() == 0 ? found.person() : person(rows.iterator().next()));
  }

  private static Person person(Row r) {
    return new Person(
        r.getString(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3).toInstant());
  }
}
