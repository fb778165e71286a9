package dev.chorus.interactions.pg;

import dev.chorus.event.Ids;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link InteractionLog} on PostgreSQL: a table range-partitioned by day (UTC) on {@code id_time},
 * the time encoded in the row's UUIDv7 id ({@code at} for ids that are not UUIDv7). The primary key
 * {@code (id, id_time)} therefore makes inserts idempotent on the id alone (decision 011).
 *
 * <p>A batch is one statement, {@code INSERT … SELECT * FROM unnest($1::text[], …) ON CONFLICT DO
 * NOTHING RETURNING id}: one round trip whatever the batch size, atomic, and it returns the ids
 * that were new. Partitions a batch needs and this process has not seen yet are created first
 * (under the same advisory lock as {@link #maintain()}); a partition dropped behind this process's
 * back is recreated on the "no partition" error and the batch retried once.
 *
 * <p>{@link #maintain()} creates {@code partitionsAhead} days of partitions and drops partitions
 * older than {@code retentionDays}. the composition root ({@code ops.Ports}) runs it at start-up
 * and then every {@code log.maintenanceMinutes}; every process may run it, the advisory lock
 * serializes them.
 */
public final class PgInteractionLog implements InteractionLog {

  /** Name prefix of the daily partitions: {@code interactions_p20300131}. */
  public static final String PARTITION_PREFIX = "interactions_p";

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final long DAY_MS = 86_400_000L;
  private static final String PARTITION_LOCK =
      "SELECT pg_advisory_xact_lock(hashtext('chorus:partitions:' || current_schema()))";
  private static final String COLUMNS =
      "id, kind, type, community, platform, channel_id, author_id, author_name, text, in_reply_to, at, payload";

  /** The batch insert, shared with the ingest benchmark's baseline so both write the same way. */
  public static final String INSERT =
      "INSERT INTO interactions "
          + "(id, id_time, kind, type, community, platform, channel_id, author_id, author_name, text, in_reply_to, at, payload) "
          + "SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
          + "$8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::text[]) ON CONFLICT DO NOTHING RETURNING id";

  /** What one {@link #maintain()} run did. */
  public record Maintenance(List<LocalDate> created, List<LocalDate> dropped) {}

  private final Pool pool;
  private final Clock clock;
  private final int partitionsAhead;
  private final int retentionDays;

  /** Days whose partition this process knows to exist. */
  private final Set<Long> knownDays = ConcurrentHashMap.newKeySet();

  /**
   * @param pool a pool whose {@code search_path} is the migrated schema; not owned
   * @param clock "now" for maintenance (tests fix it)
   * @param partitionsAhead days of partitions {@link #maintain()} keeps ready after today
   * @param retentionDays partitions whose whole day is older than this many days are dropped
   */
  public PgInteractionLog(Pool pool, Clock clock, int partitionsAhead, int retentionDays) {
    if (partitionsAhead < 0 || retentionDays < 1) {
      throw new IllegalArgumentException("partitionsAhead must be >= 0 and retentionDays >= 1");
    }
    this.pool = pool;
    this.clock = clock;
    this.partitionsAhead = partitionsAhead;
    this.retentionDays = retentionDays;
  }

  /**
   * One transaction: claim the events' keys ({@link PgJournal}), insert the rows whose id and key
   * are new, record the new events as unfinished. Committed means durable (synchronous commit).
   */
  @Override
  public Future<Set<String>> append(List<Interaction> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    Set<Long> days = new HashSet<>();
    for (Interaction row : batch) {
      days.add(Math.floorDiv(idMillis(row), DAY_MS));
    }
    Set<Long> missing = new TreeSet<>();
    for (Long day : days) {
      if (!knownDays.contains(day)) {
        missing.add(day);
      }
    }
    Future<Void> ready = missing.isEmpty() ? Future.succeededFuture() : createPartitions(missing);
    return ready
        .compose(v -> write(batch))
        .recover(
            e -> {
              if (!isNoPartition(e)) {
                return Future.failedFuture(e);
              }
              knownDays.removeAll(days);
              return createPartitions(days).compose(v -> write(batch));
            });
  }

  private Future<Set<String>> write(List<Interaction> batch) {
    return pool.withTransaction(
        connection ->
            PgJournal.claimKeys(connection, batch)
                .compose(
                    rows ->
                        insert(connection, params(rows))
                            .compose(
                                added ->
                                    PgJournal.recordPending(connection, rows, added)
                                        .map(v -> added))));
  }

  private static Tuple params(List<Interaction> batch) {
    int n = batch.size();
    String[] id = new String[n];
    OffsetDateTime[] idTime = new OffsetDateTime[n];
    String[] kind = new String[n];
    String[] type = new String[n];
    String[] community = new String[n];
    String[] platform = new String[n];
    String[] channel = new String[n];
    String[] authorId = new String[n];
    String[] authorName = new String[n];
    String[] text = new String[n];
    String[] inReplyTo = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] payload = new String[n];
    for (int i = 0; i < n; i++) {
      Interaction row = batch.get(i);
      id[i] = row.id();
      idTime[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(idMillis(row)), ZoneOffset.UTC);
      kind[i] = row.kind().dbName();
      type[i] = row.type();
      community[i] = row.community();
      platform[i] = row.platform();
      channel[i] = row.channelId();
      authorId[i] = row.authorId();
      authorName[i] = row.authorName();
      text[i] = row.text();
      inReplyTo[i] = row.inReplyTo();
      at[i] = OffsetDateTime.ofInstant(row.at(), ZoneOffset.UTC);
      payload[i] = row.payload();
    }
    return Tuple.tuple()
        .addValue(id)
        .addValue(idTime)
        .addValue(kind)
        .addValue(type)
        .addValue(community)
        .addValue(platform)
        .addValue(channel)
        .addValue(authorId)
        .addValue(authorName)
        .addValue(text)
        .addValue(inReplyTo)
        .addValue(at)
        .addValue(payload);
  }

  private static Future<Set<String>> insert(SqlConnection connection, Tuple params) {
    return connection
        .preparedQuery(INSERT)
        .execute(params)
        .map(
            rows -> {
              Set<String> added = new HashSet<>(rows.rowCount() * 2);
              for (Row row : rows) {
                added.add(row.getString(0));
              }
              return added;
            });
  }

  @Override
  public Future<Map<String, String>> keyHolders(String community, Collection<String> keys) {
    return PgJournal.keyHolders(pool, community, keys);
  }

  @Override
  public Future<Void> finish(Collection<String> eventIds) {
    return PgJournal.finish(pool, eventIds);
  }

  @Override
  public Future<List<Unfinished>> claimUnfinished(Duration retryAfter, int limit) {
    return PgJournal.claimUnfinished(pool, retryAfter, limit);
  }

  @Override
  public Future<Long> unfinished() {
    return pool.query("SELECT count(*) FROM pending_events")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<List<Interaction>> latest(
      String community, String channelId, Cursor before, int limit) {
    List<Object> args = new ArrayList<>();
    args.add(community);
    StringBuilder where = new StringBuilder(" FROM interactions WHERE community = $1");
    if (channelId != null) {
      args.add(channelId);
      where.append(" AND channel_id = $").append(args.size());
    }
    if (before != null) {
      args.add(before.at().atOffset(java.time.ZoneOffset.UTC));
      int at = args.size();
      args.add(before.id());
      where.append(" AND (at, id) < ($").append(at).append(", $").append(args.size()).append(')');
    }
    args.add(limit);
    return pool.preparedQuery(
            "SELECT " + COLUMNS + where + " ORDER BY at DESC, id DESC LIMIT $" + args.size())
        .execute(Tuple.from(args))
        .map(PgInteractionLog::read);
  }

  @Override
  public Future<List<Interaction>> byAuthor(
      String community, String platform, String authorId, int limit) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM interactions WHERE community = $1 AND platform = $2 "
                + "AND author_id = $3 ORDER BY at DESC, id DESC LIMIT $4")
        .execute(Tuple.of(community, platform, authorId, limit))
        .map(PgInteractionLog::read);
  }

  @Override
  public Future<Long> count(String community, Interaction.Kind kind) {
    return pool.preparedQuery(
            "SELECT count(*) FROM interactions WHERE community = $1 AND kind = $2")
        .execute(Tuple.of(community, kind.dbName()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<List<Interaction>> deadLetters(String community, int limit) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM interactions WHERE community = $1 AND kind = 'dead_letter' "
                + "ORDER BY at DESC, id DESC LIMIT $2")
        .execute(Tuple.of(community, limit))
        .map(PgInteractionLog::read);
  }

  @Override
  public Future<Interaction> deadLetter(String community, String id) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM interactions WHERE community = $1 AND kind = 'dead_letter' AND id = $2")
        .execute(Tuple.of(community, id))
        .map(PgInteractionLog::read)
        .map(rows -> rows.isEmpty() ? null : rows.get(0));
  }

  @Override
  public Future<Set<String>> reopen(String community, Collection<String> eventIds) {
    return PgJournal.reopen(pool, community, eventIds);
  }

  /**
   * Creates today's partition and {@code partitionsAhead} more, and drops every partition whose day
   * is before {@code today - retentionDays} (UTC). Idempotent; safe to run from several processes.
   */
  public Future<Maintenance> maintain() {
    long today = Math.floorDiv(clock.millis(), DAY_MS);
    long oldestKept = today - retentionDays;
    return pool.withTransaction(
        connection ->
            connection
                .query(PARTITION_LOCK)
                .execute()
                .compose(v -> listPartitions(connection))
                .compose(
                    existing -> {
                      List<Long> create = new ArrayList<>();
                      for (long day = today; day <= today + partitionsAhead; day++) {
                        if (!existing.contains(day)) {
                          create.add(day);
                        }
                      }
                      List<Long> drop =
                          existing.stream().filter(day -> day < oldestKept).sorted().toList();
                      Future<Void> chain = Future.succeededFuture();
                      for (long day : create) {
                        chain =
                            chain.compose(
                                v -> connection.query(createSql(day)).execute().mapEmpty());
                      }
                      for (long day : drop) {
                        chain =
                            chain.compose(
                                v ->
                                    connection
                                        .query("DROP TABLE IF EXISTS " + partitionName(day))
                                        .execute()
                                        .mapEmpty());
                      }
                      // Keys outlive no log: a resend older than the retention is a new event.
                      chain =
                          chain.compose(
                              v -> PgJournal.pruneKeys(connection, retentionDays).mapEmpty());
                      return chain.map(
                          v -> {
                            knownDays.addAll(existing);
                            knownDays.addAll(create);
                            drop.forEach(knownDays::remove);
                            return new Maintenance(
                                create.stream().map(LocalDate::ofEpochDay).toList(),
                                drop.stream().map(LocalDate::ofEpochDay).toList());
                          });
                    }));
  }

  /** The days that have a partition, oldest first. */
  public Future<List<LocalDate>> partitions() {
    return pool.withConnection(this::listPartitions)
        .map(days -> days.stream().sorted().map(LocalDate::ofEpochDay).toList());
  }

  private Future<Set<Long>> listPartitions(SqlConnection connection) {
    return connection
        .query(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace "
                + "WHERE p.relname = 'interactions' AND n.nspname = current_schema()")
        .execute()
        .map(
            rows -> {
              Set<Long> days = new TreeSet<>();
              for (Row row : rows) {
                String name = row.getString(0);
                if (name.startsWith(PARTITION_PREFIX)
                    && name.length() == PARTITION_PREFIX.length() + 8) {
                  days.add(
                      LocalDate.parse(name.substring(PARTITION_PREFIX.length()), DAY).toEpochDay());
                }
              }
              return days;
            });
  }

  private Future<Void> createPartitions(Set<Long> days) {
    return pool.withTransaction(
            connection -> {
              Future<Void> chain = connection.query(PARTITION_LOCK).execute().mapEmpty();
              for (long day : days) {
                chain = chain.compose(v -> connection.query(createSql(day)).execute().mapEmpty());
              }
              return chain;
            })
        .onSuccess(v -> knownDays.addAll(days));
  }

  private static String createSql(long day) {
    LocalDate date = LocalDate.ofEpochDay(day);
    return "CREATE TABLE IF NOT EXISTS "
        + partitionName(day)
        + " PARTITION OF interactions FOR VALUES FROM ('"
        + date
        + " 00:00:00+00') TO ('"
        + date.plusDays(1)
        + " 00:00:00+00')";
  }

  private static String partitionName(long day) {
    return PARTITION_PREFIX + LocalDate.ofEpochDay(day).format(DAY);
  }

  /** The partition time of a row: the UUIDv7 timestamp of its id, else its {@code at}. */
  static long idMillis(Interaction row) {
    long fromId = Ids.timestampOf(row.id());
    return fromId >= 0 ? fromId : row.at().toEpochMilli();
  }

  private static boolean isNoPartition(Throwable e) {
    return e instanceof PgException pg
        && "23514".equals(pg.getSqlState())
        && pg.getMessage() != null
        && pg.getMessage().contains("no partition");
  }

  private static List<Interaction> read(RowSet<Row> rows) {
    List<Interaction> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new Interaction(
              r.getString(0),
              Interaction.Kind.fromDb(r.getString(1)),
              r.getString(2),
              r.getString(3),
              r.getString(4),
              r.getString(5),
              r.getString(6),
              r.getString(7),
              r.getString(8),
              r.getString(9),
              r.getOffsetDateTime(10).toInstant(),
              r.getString(11)));
    }
    return out;
  }
}
