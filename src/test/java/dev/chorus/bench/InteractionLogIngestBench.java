package dev.chorus.bench;

import dev.chorus.event.Ids;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.store.pg.PgOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Interaction-log ingest on PostgreSQL: rows/s through {@link PgInteractionLog#append} versus a
 * bare batched insert of the same rows with the same client into a table of the same shape ({@code
 * interactions_bare}, created from the same migration), in the same run.
 *
 * <p>Run (PostgreSQL from {@code CHORUS_TEST_PG_URL}, default the local {@code test} database):
 *
 * <pre>mvn -q -o -Pbench test-compile exec:exec@bench-log-pg</pre>
 *
 * Options: {@code -Dbench.args="rows=200000 batch=500 inFlight=4 pool=4 rounds=3"}.
 */
public final class InteractionLogIngestBench {

  private InteractionLogIngestBench() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int rows = intArg(args, "rows", 200_000);
    int batch =
        intArg(
            args,
            "batch",
            Integer.parseInt(dev.chorus.ops.Modules.keys().get("log.batchSize").defaultValue()));
    int inFlight = intArg(args, "inFlight", 4);
    int poolSize = intArg(args, "pool", 4);
    int rounds = intArg(args, "rounds", 3);
    String schema = TestServices.newSchema();
    Vertx vertx = Vertx.vertx();
    System.out.printf(
        "interaction log ingest: rows=%d batch=%d inFlight=%d pool=%d rounds=%d cores=%d%n",
        rows, batch, inFlight, poolSize, rounds, Runtime.getRuntime().availableProcessors());
    try {
      PgOptions config = TestServices.pg(schema, poolSize);
      PgDatabase db = TestServices.await(PgDatabase.open(vertx, config));
      Pool pool = db.pool();
      createBareTable(pool);
      PgInteractionLog log = new PgInteractionLog(pool, Clock.systemUTC(), 1, 30);
      TestServices.await(log.maintain());

      // Warm up both paths (JIT, prepared statements, partitions).
      run(
          vertx,
          pool,
          b -> log.append(b).map(Set::size),
          generate(Math.min(rows, 50_000), batch),
          inFlight,
          "interactions");
      run(
          vertx,
          pool,
          b -> bareInsert(pool, b),
          generate(Math.min(rows, 50_000), batch),
          inFlight,
          "interactions_bare");

      List<Double> adapter = new ArrayList<>();
      List<Double> bare = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        double a =
            run(
                vertx,
                pool,
                x -> log.append(x).map(Set::size),
                generate(rows, batch),
                inFlight,
                "interactions");
        double b =
            run(
                vertx,
                pool,
                x -> bareInsert(pool, x),
                generate(rows, batch),
                inFlight,
                "interactions_bare");
        adapter.add(a);
        bare.add(b);
        System.out.printf(
            "round %d: adapter %,.0f rows/s, bare %,.0f rows/s, ratio %.2f%n", round, a, b, a / b);
      }
      double a = median(adapter);
      double b = median(bare);
      System.out.printf(
          "median: adapter %,.0f rows/s, bare %,.0f rows/s, ratio %.2f%n", a, b, a / b);
      TestServices.await(db.close());
    } finally {
      TestServices.dropSchema(schema);
      TestServices.await(vertx.close());
    }
  }

  /**
   * The bare baseline: the same unnest insert (returning the new ids) built inline from the rows,
   * no adapter in between.
   */
  private static Future<Integer> bareInsert(Pool pool, List<Interaction> batch) {
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
      Interaction r = batch.get(i);
      id[i] = r.id();
      idTime[i] =
          OffsetDateTime.ofInstant(Instant.ofEpochMilli(Ids.timestampOf(r.id())), ZoneOffset.UTC);
      kind[i] = r.kind().dbName();
      type[i] = r.type();
      community[i] = r.community();
      platform[i] = r.platform();
      channel[i] = r.channelId();
      authorId[i] = r.authorId();
      authorName[i] = r.authorName();
      text[i] = r.text();
      inReplyTo[i] = r.inReplyTo();
      at[i] = OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC);
      payload[i] = r.payload();
    }
    return pool.preparedQuery(
            PgInteractionLog.INSERT.replace(
                "INSERT INTO interactions ", "INSERT INTO interactions_bare "))
        .execute(
            Tuple.tuple()
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
                .addValue(payload))
        .map(
            rows -> {
              Set<String> added = new HashSet<>(rows.rowCount() * 2);
              rows.forEach(row -> added.add(row.getString(0)));
              return added.size();
            });
  }

  /** Writes every batch, {@code inFlight} at a time, from one event loop; rows per second. */
  private static double run(
      Vertx vertx,
      Pool pool,
      Function<List<Interaction>, Future<Integer>> append,
      List<List<Interaction>> batches,
      int inFlight,
      String table) {
    TestServices.await(pool.query("TRUNCATE " + table).execute());
    // Start each run from a clean slate so that neither pays for the other's checkpoint.
    TestServices.await(pool.query("CHECKPOINT").execute());
    int total = batches.stream().mapToInt(List::size).sum();
    Promise<Long> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger written = new AtomicInteger();
    AtomicInteger running = new AtomicInteger(inFlight);
    long[] start = new long[1];
    vertx.runOnContext(
        ignored -> {
          start[0] = System.nanoTime();
          for (int i = 0; i < inFlight; i++) {
            pump(append, batches, next, written, running, done);
          }
        });
    long end = TestServices.await(done.future());
    if (written.get() != total) {
      throw new IllegalStateException("wrote " + written.get() + " of " + total + " rows");
    }
    return total / ((end - start[0]) / 1e9);
  }

  private static void pump(
      Function<List<Interaction>, Future<Integer>> append,
      List<List<Interaction>> batches,
      AtomicInteger next,
      AtomicInteger written,
      AtomicInteger running,
      Promise<Long> done) {
    int index = next.getAndIncrement();
    if (index >= batches.size()) {
      if (running.decrementAndGet() == 0) {
        done.tryComplete(System.nanoTime());
      }
      return;
    }
    append
        .apply(batches.get(index))
        .onComplete(
            result -> {
              if (result.failed()) {
                done.tryFail(result.cause());
                return;
              }
              written.addAndGet(result.result());
              pump(append, batches, next, written, running, done);
            });
  }

  /**
   * Chat events shaped like real ones: a few communities and channels, a JSON envelope of ~600
   * bytes.
   */
  private static List<List<Interaction>> generate(int rows, int batch) {
    List<List<Interaction>> batches = new ArrayList<>();
    List<Interaction> current = new ArrayList<>(batch);
    for (int i = 0; i < rows; i++) {
      String id = Ids.next();
      String community = "community-" + (i % 7);
      String channel = "channel-" + (i % 31);
      String author = "user-" + (i % 5003);
      String text =
          "message number "
              + i
              + " with some ordinary chat text, an emote Kappa and a link-free body";
      String payload =
          "{\"id\":\""
              + id
              + "\",\"v\":1,\"type\":\"chat.message\",\"community\":\""
              + community
              + "\",\"platform\":\"twitch\",\"channel\":{\"id\":\""
              + channel
              + "\",\"name\":\""
              + channel
              + "\"},\"author\":{\"id\":\""
              + author
              + "\",\"login\":\""
              + author
              + "\",\"displayName\":\""
              + author
              + "\",\"roles\":[\"subscriber\"]},\"text\":\""
              + text
              + "\",\"context\":{},\"replies\":[],"
              + "\"slip\":[\"identity\",\"moderation\",\"command\"],\"trace\":[],\"receivedAt\":\""
              + Instant.now()
              + "\"}";
      current.add(
          new Interaction(
              id,
              Interaction.Kind.EVENT,
              "chat.message",
              community,
              "twitch",
              channel,
              author,
              author,
              text,
              null,
              Instant.now(),
              payload));
      if (current.size() == batch) {
        batches.add(current);
        current = new ArrayList<>(batch);
      }
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  /**
   * {@code interactions_bare}: the log table's migration with another name, partitions for today
   * and tomorrow.
   */
  private static void createBareTable(Pool pool) throws Exception {
    String ddl;
    try (InputStream in =
        InteractionLogIngestBench.class.getResourceAsStream("/db/pg/V1__interactions.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ddl =
        ddl.replaceAll("(?m)^--.*$", "")
            .replaceAll("\\binteractions\\b", "interactions_bare")
            .replaceAll(
                "\\binteractions_(channel_latest|community_latest|author)\\b",
                "interactions_bare_$1");
    for (String statement : ddl.split(";")) {
      if (!statement.isBlank()) {
        TestServices.await(pool.query(statement).execute());
      }
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (LocalDate day = today.minusDays(1);
        !day.isAfter(today.plusDays(1));
        day = day.plusDays(1)) {
      TestServices.await(
          pool.query(
                  "CREATE TABLE interactions_bare_p"
                      + day.toString().replace("-", "")
                      + " PARTITION OF interactions_bare FOR VALUES FROM ('"
                      + day
                      + " 00:00:00+00') TO ('"
                      + day.plusDays(1)
                      + " 00:00:00+00')")
              .execute());
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Arrays.stream(args)
        .filter(a -> a.startsWith(name + "="))
        .findFirst()
        .map(a -> Integer.parseInt(a.substring(name.length() + 1)))
        .orElse(fallback);
  }
}
