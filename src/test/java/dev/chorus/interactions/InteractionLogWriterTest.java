package dev.chorus.interactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Options;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InteractionLogWriterTest {

  private Vertx vertx;
  private Context context;
  private H2Database db;
  private H2InteractionLog log;
  private ChorusMetrics metrics;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    db =
        H2Database.openBlocking(
            vertx,
            new H2Options(
                "jdbc:h2:mem:writer-"
                    + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                2));
    log = new H2InteractionLog(db);
    metrics = ChorusMetrics.inMemory();
  }

  @AfterEach
  void tearDown() {
    db.close().await();
    vertx.close().await();
  }

  private static Interaction row(String id) {
    return Interaction.ofEvent(
        new Envelope(
            id,
            1,
            "chat.message",
            "w",
            "web",
            new Channel("c", "c"),
            new Author("u", "u", "u", List.of()),
            "hello",
            null,
            null,
            null,
            null,
            null,
            Instant.now(),
            "gw"));
  }

  /** Runs {@code action} on the writer's context and waits for the future it returns. */
  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v ->
            action
                .get()
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        result.complete(ar.result());
                      } else {
                        result.completeExceptionally(ar.cause());
                      }
                    }));
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void rowsSubmittedWhileABatchIsWrittenGoTogetherInTheNext() throws Exception {
    InteractionLogWriter writer = new InteractionLogWriter(log, 100, 10_000, metrics);
    List<Boolean> results =
        onContext(
            () -> {
              List<Future<Boolean>> all = new ArrayList<>();
              for (int i = 0; i < 250; i++) {
                all.add(writer.submit(row(UUID.randomUUID().toString())));
              }
              return Future.all(all).map(f -> f.<Boolean>list());
            });
    assertEquals(250, results.stream().filter(b -> b).count());
    assertEquals(250L, log.count("w", Interaction.Kind.EVENT).await());
    var batches = metrics.registry().get("chorus.log.batch.size").summary();
    // the first row goes alone; the others queue behind it and go in full batches of 100
    assertEquals(250.0, batches.totalAmount());
    assertEquals(100.0, batches.max());
    assertTrue(batches.count() <= 5, "batches: " + batches.count());
    assertEquals(0, metrics.logQueue().get());
  }

  @Test
  void duplicatesInOneBatchAndAcrossBatchesAreReportedAsNotNew() throws Exception {
    InteractionLogWriter writer = new InteractionLogWriter(log, 100, 10_000, metrics);
    String id = UUID.randomUUID().toString();
    List<Boolean> first =
        onContext(
            () ->
                Future.all(writer.submit(row(id)), writer.submit(row(id)), writer.submit(row(id)))
                    .map(f -> f.<Boolean>list()));
    assertEquals(
        1, first.stream().filter(b -> b).count(), "exactly one of the three is new: " + first);
    assertEquals(false, onContext(() -> writer.submit(row(id))));
    assertEquals(1L, log.count("w", Interaction.Kind.EVENT).await());
  }

  @Test
  void aFullQueueRefusesInsteadOfGrowing() throws Exception {
    Promise<Set<String>> stuck = Promise.promise();
    InteractionLog blocked =
        new DelegatingLog(log) {
          @Override
          public Future<Set<String>> append(List<Interaction> batch) {
            return stuck.future();
          }
        };
    InteractionLogWriter writer = new InteractionLogWriter(blocked, 10, 100, metrics);
    Throwable refused =
        onContext(
            () -> {
              for (int i = 0; i < 101; i++) { // one in the stuck batch, 100 queued
                writer.submit(row(UUID.randomUUID().toString()));
              }
              return writer
                  .submit(row(UUID.randomUUID().toString()))
                  .map(x -> (Throwable) null)
                  .recover(Future::succeededFuture);
            });
    assertInstanceOf(InteractionLogWriter.OverloadedException.class, refused);
    assertEquals(100, metrics.logQueue().get());
  }

  @Test
  void aStoreFailureFailsTheBatchAndTheWriterCarriesOn() throws Exception {
    boolean[] failNext = {true};
    InteractionLog flaky =
        new DelegatingLog(log) {
          @Override
          public Future<Set<String>> append(List<Interaction> batch) {
            if (failNext[0]) {
              failNext[0] = false;
              return Future.failedFuture(new IllegalStateException("disk full"));
            }
            return super.append(batch);
          }
        };
    InteractionLogWriter writer = new InteractionLogWriter(flaky, 10, 100, metrics);
    Throwable failure =
        onContext(
            () ->
                writer
                    .submit(row(UUID.randomUUID().toString()))
                    .map(x -> (Throwable) null)
                    .recover(Future::succeededFuture));
    assertEquals("disk full", failure.getMessage());
    assertTrue(onContext(() -> writer.submit(row(UUID.randomUUID().toString()))));
  }

  @Test
  void drainWaitsForQueuedRows() throws Exception {
    InteractionLogWriter writer = new InteractionLogWriter(log, 5, 10_000, metrics);
    onContext(
        () -> {
          for (int i = 0; i < 50; i++) {
            writer.submit(row(UUID.randomUUID().toString()));
          }
          return writer.drain();
        });
    assertEquals(50L, log.count("w", Interaction.Kind.EVENT).await());
  }

  /**
   * Forwards everything to a real log; tests override one method to inject a stall or a failure.
   */
  private static class DelegatingLog implements InteractionLog {
    private final InteractionLog delegate;

    DelegatingLog(InteractionLog delegate) {
      this.delegate = delegate;
    }

    @Override
    public Future<Set<String>> append(List<Interaction> batch) {
      return delegate.append(batch);
    }

    @Override
    public Future<List<Interaction>> latest(
        String community, String channelId, Cursor before, int limit) {
      return delegate.latest(community, channelId, before, limit);
    }

    @Override
    public Future<List<Interaction>> byAuthor(
        String community, String platform, String authorId, int limit) {
      return delegate.byAuthor(community, platform, authorId, limit);
    }

    @Override
    public Future<Long> count(String community, Interaction.Kind kind) {
      return delegate.count(community, kind);
    }

    @Override
    public Future<java.util.Map<String, String>> keyHolders(
        String community, java.util.Collection<String> keys) {
      return delegate.keyHolders(community, keys);
    }

    @Override
    public Future<Void> finish(java.util.Collection<String> eventIds) {
      return delegate.finish(eventIds);
    }

    @Override
    public Future<List<Unfinished>> claimUnfinished(java.time.Duration retryAfter, int limit) {
      return delegate.claimUnfinished(retryAfter, limit);
    }

    @Override
    public Future<Long> unfinished() {
      return delegate.unfinished();
    }

    @Override
    public Future<List<Interaction>> deadLetters(String community, int limit) {
      return delegate.deadLetters(community, limit);
    }

    @Override
    public Future<Interaction> deadLetter(String community, String id) {
      return delegate.deadLetter(community, id);
    }

    @Override
    public Future<Set<String>> reopen(String community, java.util.Collection<String> eventIds) {
      return delegate.reopen(community, eventIds);
    }
  }

  @Test
  void decisionRecordsAreRowsOfTheirOwnKindNeverCountedOrJournaledAsEvents() throws Exception {
    InteractionLogWriter writer = new InteractionLogWriter(log, 100, 10_000, metrics);
    List<Interaction> events = new ArrayList<>();
    List<Interaction> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Interaction event = row(UUID.randomUUID().toString());
      events.add(event);
      Envelope original = dev.chorus.event.EnvelopeJson.decode(event.payload());
      records.add(
          Interaction.ofRecord(
              new Envelope(
                  UUID.randomUUID().toString(),
                  1,
                  i == 0 ? "system.ai" : "system.moderation",
                  original.community(),
                  original.platform(),
                  original.channel(),
                  original.author(),
                  original.text(),
                  java.util.Map.of("eventId", original.id()),
                  null,
                  null,
                  null,
                  null,
                  original.receivedAt(),
                  null)));
    }
    List<Boolean> fresh =
        onContext(
            () -> {
              List<Future<Boolean>> all = new ArrayList<>();
              events.forEach(e -> all.add(writer.submit(e)));
              records.forEach(r -> all.add(writer.submit(r)));
              all.add(writer.submit(records.get(1))); // a resumed stage records again
              return Future.all(all).map(f -> f.<Boolean>list());
            });
    assertEquals(List.of(true, true, true, true, true, true, false), fresh);
    assertEquals(3L, log.count("w", Interaction.Kind.EVENT).await());
    assertEquals(3L, log.count("w", Interaction.Kind.RECORD).await());
    assertEquals(3L, log.unfinished().await(), "only the events wait in the journal");
    assertEquals(3.0, logRows("event"), "chorus_log_rows_total{kind=event}: the events only");
    assertEquals(3.0, logRows("record"));
    assertEquals(0.0, logRows("other"));
    for (Interaction stored : log.latest("w", null, 10).await()) {
      if (stored.kind() == Interaction.Kind.RECORD) {
        assertTrue(stored.type().startsWith("system."), stored.toString());
        assertTrue(
            events.stream().anyMatch(e -> e.id().equals(stored.inReplyTo())),
            "a record names its event: " + stored);
      } else {
        assertEquals(Interaction.Kind.EVENT, stored.kind());
        assertEquals("chat.message", stored.type());
      }
    }
  }

  private double logRows(String kind) {
    var counter = metrics.registry().find(ChorusMetrics.LOG_ROWS).tag("kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }
}
