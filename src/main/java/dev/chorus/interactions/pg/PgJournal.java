package dev.chorus.interactions.pg;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog.Unfinished;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL statements of the journal's bookkeeping beside the log table: idempotency keys
 * (one event per community and key) and unfinished events (routed again until finished). Each is
 * one statement over arrays ({@code unnest}), so a batch costs one round trip per table.
 */
final class PgJournal {

  private static final String CLAIM_KEYS =
      "INSERT INTO idempotency_keys (community, idem_key, event_id, created_at) "
          + "SELECT c, k, e, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(c, k, e) "
          + "ON CONFLICT DO NOTHING RETURNING event_id";
  private static final String PENDING =
      "INSERT INTO pending_events (event_id, community, received_at, next_at, attempts, payload) "
          + "SELECT e, c, r, r, 0, p FROM unnest($1::text[], $2::text[], $3::timestamptz[], "
          + "$4::text[]) AS t(e, c, r, p) ON CONFLICT DO NOTHING";
  private static final String CLAIM_UNFINISHED =
      "UPDATE pending_events SET attempts = attempts + 1, next_at = now() WHERE event_id IN ("
          + "SELECT event_id FROM pending_events WHERE next_at <= now() - make_interval(secs => $1)"
          + " ORDER BY next_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
          + " RETURNING event_id, community, attempts, payload";

  private PgJournal() {}

  /** Claims the events' keys; returns the batch without the events whose key another holds. */
  static Future<List<Interaction>> claimKeys(SqlConnection connection, List<Interaction> batch) {
    List<Interaction> events = new ArrayList<>();
    for (Interaction row : batch) {
      if (row.kind() == Interaction.Kind.EVENT) {
        events.add(row);
      }
    }
    if (events.isEmpty()) {
      return Future.succeededFuture(batch);
    }
    String[] community = new String[events.size()];
    String[] key = new String[events.size()];
    String[] eventId = new String[events.size()];
    for (int i = 0; i < events.size(); i++) {
      community[i] = events.get(i).community();
      key[i] = events.get(i).effectiveKey();
      eventId[i] = events.get(i).id();
    }
    return connection
        .preparedQuery(CLAIM_KEYS)
        .execute(Tuple.of(community, key, eventId))
        .map(
            rows -> {
              Set<String> claimed = new HashSet<>();
              for (Row row : rows) {
                claimed.add(row.getString(0));
              }
              List<Interaction> kept = new ArrayList<>(batch.size());
              for (Interaction row : batch) {
                if (row.kind() != Interaction.Kind.EVENT || claimed.contains(row.id())) {
                  kept.add(row);
                }
              }
              return kept;
            });
  }

  /** Records the new events among {@code rows} as unfinished. */
  static Future<Void> recordPending(
      SqlConnection connection, List<Interaction> rows, Set<String> added) {
    List<Interaction> fresh = new ArrayList<>();
    for (Interaction row : rows) {
      if (row.kind() == Interaction.Kind.EVENT && added.contains(row.id())) {
        fresh.add(row);
      }
    }
    if (fresh.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = fresh.size();
    String[] id = new String[n];
    String[] community = new String[n];
    OffsetDateTime[] received = new OffsetDateTime[n];
    String[] payload = new String[n];
    for (int i = 0; i < n; i++) {
      Interaction row = fresh.get(i);
      id[i] = row.id();
      community[i] = row.community();
      received[i] = OffsetDateTime.ofInstant(row.at(), ZoneOffset.UTC);
      payload[i] = row.payload();
    }
    return connection
        .preparedQuery(PENDING)
        .execute(Tuple.of(id, community, received, payload))
        .mapEmpty();
  }

  static Future<Map<String, String>> keyHolders(
      Pool pool, String community, Collection<String> keys) {
    return pool.preparedQuery(
            "SELECT idem_key, event_id FROM idempotency_keys"
                + " WHERE community = $1 AND idem_key = ANY($2::text[])")
        .execute(Tuple.of(community, (Object) keys.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, String> holders = new HashMap<>();
              rows.forEach(r -> holders.put(r.getString(0), r.getString(1)));
              return holders;
            });
  }

  /** Dead-lettered events of the community, not pending, back into the pending table. */
  static Future<Set<String>> reopen(Pool pool, String community, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return pool.preparedQuery(
            "INSERT INTO pending_events"
                + " (event_id, community, received_at, next_at, attempts, payload)"
                + " SELECT e.id, e.community, e.at, 'epoch'::timestamptz, 0, e.payload"
                + " FROM interactions e WHERE e.community = $1 AND e.kind = 'event'"
                + " AND e.id = ANY($2::text[]) AND EXISTS (SELECT 1 FROM interactions d"
                + " WHERE d.community = e.community AND d.kind = 'dead_letter'"
                + " AND d.in_reply_to = e.id)"
                + " ON CONFLICT DO NOTHING RETURNING event_id")
        .execute(
            Tuple.tuple().addString(community).addArrayOfString(eventIds.toArray(new String[0])))
        .map(
            rows -> {
              Set<String> reopened = new java.util.LinkedHashSet<>();
              rows.forEach(r -> reopened.add(r.getString(0)));
              return reopened;
            });
  }

  static Future<Void> finish(Pool pool, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("DELETE FROM pending_events WHERE event_id = ANY($1::text[])")
        .execute(Tuple.of((Object) eventIds.toArray(new String[0])))
        .mapEmpty();
  }

  static Future<List<Unfinished>> claimUnfinished(Pool pool, Duration retryAfter, int limit) {
    return pool.preparedQuery(CLAIM_UNFINISHED)
        .execute(Tuple.of(retryAfter.toMillis() / 1000.0, limit))
        .map(
            rows -> {
              List<Unfinished> claimed = new ArrayList<>();
              rows.forEach(
                  r ->
                      claimed.add(
                          new Unfinished(
                              r.getString(0), r.getString(1), r.getInteger(2), r.getString(3))));
              return claimed;
            });
  }

  /** Drops idempotency keys older than the log's retention (run by maintenance). */
  static Future<Integer> pruneKeys(SqlConnection connection, int retentionDays) {
    return connection
        .preparedQuery(
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)")
        .execute(Tuple.of(retentionDays))
        .map(r -> r.rowCount());
  }
}
