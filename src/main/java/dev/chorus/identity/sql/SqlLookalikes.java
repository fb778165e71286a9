package dev.chorus.identity.sql;

import dev.chorus.event.Ids;
import dev.chorus.identity.AuditEntry;
import dev.chorus.identity.NameKeys;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Look-alike names (decision 081): when an account is first seen or renamed, its display name's
 * {@link NameKeys key} is stored, and every other person of the community whose account has the
 * same key (at most three) gets a {@code lookalike} entry in the audit trail of the account's
 * person, which moderators read through the people API. Flagged, never blocked: the platform
 * accepted the user, and two people may share a name honestly.
 */
final class SqlLookalikes {

  static final String ACTION = AuditEntry.LOOKALIKE;
  static final String ACTOR = "identity";

  private static final Logger LOG = LoggerFactory.getLogger(SqlLookalikes.class);

  private final Statements sql;
  private final SqlMerges merges;

  SqlLookalikes(Statements sql, SqlMerges merges) {
    this.sql = sql;
    this.merges = merges;
  }

  /** Stores the account's key and flags the people it imitates, in the caller's transaction. */
  Future<Void> check(
      SqlConnection c,
      String community,
      String platform,
      String userId,
      String personId,
      String displayName) {
    String key = NameKeys.of(displayName);
    Future<?> stored = sql.run(c, "setNameKey", Tuple.of(key, community, platform, userId));
    if (key == null) {
      return stored.mapEmpty();
    }
    return stored
        .compose(v -> sql.run(c, "lookalikes", Tuple.of(community, key, personId)))
        .compose(
            rows -> {
              List<String> others = Rows.all(rows, r -> r.getString(0));
              Future<Void> chain = Future.succeededFuture();
              for (String other : others) {
                chain =
                    chain.compose(
                        v ->
                            merges.audit(
                                c,
                                Ids.next(),
                                community,
                                ACTION,
                                personId,
                                other,
                                platform,
                                userId,
                                ACTOR));
              }
              if (!others.isEmpty()) {
                LOG.info(
                    "{} account {} of person {} in {}: display name looks like person(s) {}",
                    platform,
                    userId,
                    personId,
                    community,
                    others);
              }
              return chain;
            });
  }
}
