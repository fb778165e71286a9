package dev.chorus.bench;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.Platforms;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Options;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Baseline (c) for the embedded interaction log: plain JDBC batched inserts into the same H2 table
 * (one thread, {@code batch} rows per statement batch and commit, payload JSON encoded before the
 * clock starts) against Chorus's path for an accepted event: a request to {@code
 * chorus.interactions}, the group-commit writer and {@link H2InteractionLog} (idempotent insert),
 * until the reply says it is durable. Fresh database files for every run. The PostgreSQL ingest
 * benchmark is a separate class.
 *
 * <p>Flags: {@code --rows 200000}, {@code --batch 500}, {@code --window 5000} (Chorus requests in
 * flight), {@code --rounds 2}.
 */
public final class LogBenchmark {

  private static final String INSERT =
      "INSERT INTO interactions "
          + "(id, kind, type, community, platform, channel_id, author_id, author_name, text, in_reply_to, at, payload) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private record Run(double rowsPerSecond, Histogram latency) {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int rows = args.integer("rows", 200_000);
    int batch = args.integer("batch", 500);
    int window = args.integer("window", 5000);
    int rounds = args.integer("rounds", 2);
    StringBuilder md =
        new StringBuilder(
            "### Interaction log (embedded H2): bare JDBC batch vs Chorus writer\n\n");
    md.append("Machine: ")
        .append(Report.machine())
        .append(". ")
        .append(rows)
        .append(" event rows per run, batch ")
        .append(batch)
        .append(", Chorus with ")
        .append(window)
        .append(" journal requests in flight.\n\n");
    md.append(
        "| round | bare JDBC rows/s | Chorus rows/s | Chorus ÷ bare | Chorus journal p50 / p99 ms |\n|---:|---:|---:|---:|---|\n");
    double bareSum = 0;
    double chorusSum = 0;
    for (int round = 1; round <= rounds; round++) {
      Run bare = runBare(rows, batch, args.string("bare-payload", ""));
      Run chorus = runChorus(rows, batch, window);
      bareSum += bare.rowsPerSecond();
      chorusSum += chorus.rowsPerSecond();
      System.out.printf(
          Locale.ROOT,
          "round %d: bare %,.0f rows/s, Chorus %,.0f rows/s%n",
          round,
          bare.rowsPerSecond(),
          chorus.rowsPerSecond());
      md.append("| ")
          .append(round)
          .append(" | ")
          .append(Report.num(bare.rowsPerSecond()))
          .append(" | ")
          .append(Report.num(chorus.rowsPerSecond()))
          .append(" | ")
          .append(Report.ratio(chorus.rowsPerSecond(), bare.rowsPerSecond()))
          .append(" | ")
          .append(LoadGenerator.Result.ms(chorus.latency(), 50))
          .append(" / ")
          .append(LoadGenerator.Result.ms(chorus.latency(), 99))
          .append(" |\n");
    }
    md.append("| mean | ")
        .append(Report.num(bareSum / rounds))
        .append(" | ")
        .append(Report.num(chorusSum / rounds))
        .append(" | **")
        .append(Report.ratio(chorusSum, bareSum))
        .append("** | |\n");
    Report.write("log", md.toString());
  }

  static Envelope envelope(long seq) {
    String user = "u" + (seq % 100);
    return new Envelope(
        new UUID(0x4000L, 0x8000_0000_0000_0000L | seq).toString(),
        Envelope.VERSION,
        EventType.CHAT_MESSAGE,
        "bench",
        Platforms.WEB,
        new Channel("bench", "bench"),
        new Author(user, user, user, List.of()),
        "hello everyone, message number " + seq,
        null,
        null,
        null,
        null,
        null,
        Instant.now(),
        "bench");
  }

  /**
   * @param payloadType when not blank, the bare table's payload column is changed to it first (an
   *     experiment knob)
   */
  private static Run runBare(int rows, int batch, String payloadType) throws Exception {
    Path dir = Files.createTempDirectory("chorus-log-bench");
    Vertx vertx = Vertx.vertx();
    try {
      H2Database.openBlocking(vertx, H2Options.file(dir, "chorus", 1))
          .close()
          .await(); // creates and migrates the schema; same URL below
      Interaction[] prepared = new Interaction[rows];
      for (int i = 0; i < rows; i++) {
        prepared[i] = Interaction.ofEvent(envelope(i));
      }
      long start = System.nanoTime();
      try (Connection c = DriverManager.getConnection(LogCheck.h2Url(dir), "sa", "");
          PreparedStatement insert = c.prepareStatement(INSERT)) {
        if (!payloadType.isBlank()) {
          try (var alter = c.createStatement()) {
            alter.execute("ALTER TABLE interactions ALTER COLUMN payload " + payloadType);
          }
        }
        c.setAutoCommit(false);
        for (int i = 0; i < rows; i++) {
          Interaction row = prepared[i];
          insert.setString(1, row.id());
          insert.setString(2, row.kind().dbName());
          insert.setString(3, row.type());
          insert.setString(4, row.community());
          insert.setString(5, row.platform());
          insert.setString(6, row.channelId());
          insert.setString(7, row.authorId());
          insert.setString(8, row.authorName());
          insert.setString(9, row.text());
          insert.setString(10, row.inReplyTo());
          insert.setTimestamp(11, Timestamp.from(row.at()));
          insert.setString(12, row.payload());
          insert.addBatch();
          if ((i + 1) % batch == 0 || i == rows - 1) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
      return new Run(rows / ((System.nanoTime() - start) / 1e9), new Histogram(3));
    } finally {
      vertx.close().await();
    }
  }

  private static Run runChorus(int rows, int batch, int window) throws Exception {
    Path dir = Files.createTempDirectory("chorus-log-bench");
    Vertx vertx = Vertx.vertx();
    try {
      EnvelopeCodec.register(vertx);
      H2Database db = H2Database.openBlocking(vertx, H2Options.file(dir, "chorus", 4));
      vertx
          .deployVerticle(
              new InteractionsVerticle(
                  new H2InteractionLog(db), ChorusMetrics.inMemory(), batch, 50_000))
          .await(10, TimeUnit.SECONDS);
      Envelope[] prepared = new Envelope[rows];
      for (int i = 0; i < rows; i++) {
        prepared[i] = envelope(i);
      }
      Journal journal = new Journal(prepared, window);
      vertx.deployVerticle(journal).await(10, TimeUnit.SECONDS);
      return journal.done.future().await(10, TimeUnit.MINUTES);
    } finally {
      vertx.close().await();
    }
  }

  /** Journals every envelope through the event bus, {@code window} at a time. */
  private static final class Journal extends VerticleBase {
    private final Envelope[] envelopes;
    private final int window;
    private final Promise<Run> done = Promise.promise();
    private final Histogram latency = new Histogram(60_000_000L, 3);
    private final DeliveryOptions kind =
        new DeliveryOptions()
            .addHeader(Addresses.HEADER_KIND, Addresses.KIND_EVENT)
            .setSendTimeout(60_000);
    private int next;
    private int finished;
    private long start;

    Journal(Envelope[] envelopes, int window) {
      this.envelopes = envelopes;
      this.window = window;
    }

    @Override
    public Future<?> start() {
      start = System.nanoTime();
      for (int i = 0; i < window && next < envelopes.length; i++) {
        send();
      }
      return Future.succeededFuture();
    }

    private void send() {
      long sent = System.nanoTime();
      vertx
          .eventBus()
          .<Boolean>request(Addresses.INTERACTIONS, envelopes[next++], kind)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  done.tryFail(ar.cause());
                  return;
                }
                latency.recordValue((System.nanoTime() - sent) / 1000);
                finished++;
                if (next < envelopes.length) {
                  send();
                } else if (finished == envelopes.length) {
                  done.tryComplete(
                      new Run(envelopes.length / ((System.nanoTime() - start) / 1e9), latency));
                }
              });
    }
  }
}
