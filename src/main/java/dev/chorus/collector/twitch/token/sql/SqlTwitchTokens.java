package dev.chorus.collector.twitch.token.sql;

import dev.chorus.collector.twitch.token.TwitchToken;
import dev.chorus.collector.twitch.token.TwitchTokens;
import dev.chorus.store.crypto.SecretBox;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TwitchTokens} on H2 or PostgreSQL ({@code db/statements/twitch_tokens.yaml}), each token
 * sealed by a {@link SecretBox} bound to its account and column: a sealed access token copied into
 * another account's row, or into the refresh column, fails authentication.
 */
public final class SqlTwitchTokens implements TwitchTokens {

  private static final Logger LOG = LoggerFactory.getLogger(SqlTwitchTokens.class);

  private final Pool pool;
  private final Statements sql;
  private final SecretBox box;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   * @param box seals with the current key, opens with every configured one
   */
  public SqlTwitchTokens(SqlDatabase db, SecretBox box) {
    this.pool = db.pool();
    this.sql = db.statements("twitch_tokens");
    this.box = box;
  }

  @Override
  public Future<Void> put(String account, TwitchToken token) {
    return sql.run(
            pool,
            "put",
            Tuple.of(
                account,
                box.seal(token.accessToken(), context(account, "access")),
                box.seal(token.refreshToken(), context(account, "refresh")),
                String.join(" ", token.scopes()),
                token.expiresAt() == null ? null : Rows.timestamp(token.expiresAt()),
                box.keyId()))
        .mapEmpty();
  }

  @Override
  public Future<Optional<TwitchToken>> get(String account) {
    return sql.run(pool, "get", Tuple.of(account))
        .compose(
            rows -> {
              Optional<Row> found = Rows.first(rows, r -> r);
              if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              Row row = found.get();
              String access;
              String refresh;
              try {
                access = box.open(row.getString(0), context(account, "access"));
                refresh = box.open(row.getString(1), context(account, "refresh"));
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
              String scopes = row.getString(2);
              Instant expires = Rows.instant(row, 3);
              TwitchToken token =
                  new TwitchToken(
                      access,
                      refresh,
                      scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")),
                      expires);
              if (!box.isCurrent(row.getString(0))) {
                // Sealed under an earlier key: re-seal now, so the old key can be dropped soon.
                resealOne(account, row.getString(0), access, refresh)
                    .onFailure(e -> LOG.warn("re-encrypting the token of {} failed", account));
              }
              return Future.succeededFuture(Optional.of(token));
            });
  }

  @Override
  public Future<Boolean> remove(String account) {
    return sql.run(pool, "remove", Tuple.of(account)).map(Rows::changed);
  }

  @Override
  public Future<Integer> reseal() {
    return sql.run(pool, "stale", Tuple.of(box.keyId()))
        .compose(
            rows -> {
              List<Future<Boolean>> done = new ArrayList<>();
              for (Row row : rows) {
                String account = row.getString(0);
                String sealedAccess = row.getString(1);
                try {
                  String access = box.open(sealedAccess, context(account, "access"));
                  String refresh = box.open(row.getString(2), context(account, "refresh"));
                  done.add(resealOne(account, sealedAccess, access, refresh));
                } catch (RuntimeException e) {
                  // One unreadable row (altered, or under a dropped key) does not stop the rest.
                  LOG.warn("token of {} not re-encrypted: {}", account, e.getMessage());
                }
              }
              return Future.all(done)
                  .map(all -> (int) done.stream().filter(f -> f.result()).count());
            });
  }

  private Future<Boolean> resealOne(
      String account, String sealedAccess, String access, String refresh) {
    return sql.run(
            pool,
            "reseal",
            Tuple.of(
                box.seal(access, context(account, "access")),
                box.seal(refresh, context(account, "refresh")),
                box.keyId(),
                account,
                sealedAccess))
        .map(Rows::changed);
  }

  private static String context(String account, String column) {
    return "twitch_tokens/" + account + "/" + column;
  }
}
