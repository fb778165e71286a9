package dev.chorus.collector;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.testing.TestCommunities;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refusing at once: with the process's {@link IngestHealth} installed, a missing router, a log that
 * stopped answering and a writer stuck on a locked PostgreSQL table are each refused without a
 * journal round trip, readiness says why, and acceptance resumes once they are back.
 */
class IngestHealthTest {

  private static final long MANUAL = 600_000; // probes only when the test calls check()

  private Vertx vertx;
  private final ChorusMetrics metrics = ChorusMetrics.inMemory();
  private final AtomicInteger routed = new AtomicInteger();
  private io.vertx.core.Context collector;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    collector = vertx.getOrCreateContext();
    TestCommunities.deploy(vertx, TestServices.openH2(vertx).sql(), "health");
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  private static Envelope chat(String text) {
    return new Envelope(
        Ids.next(),
        Envelope.VERSION,
        EventType.CHAT_MESSAGE,
        "health",
        Platforms.WEB,
        new Channel("lobby", "lobby"),
        new Author("u1", "alice", "Alice", List.of()),
        text,
        null,
        null,
        null,
        null,
        null,
        Instant.now(),
        null);
  }

  /** A stand-in router: answers probes, counts events. */
  private MessageConsumer<Object> router() {
    MessageConsumer<Object> consumer =
        vertx
            .eventBus()
            .consumer(
                Addresses.INGRESS,
                m -> {
                  if (Addresses.KIND_PROBE.equals(m.headers().get(Addresses.HEADER_KIND))) {
                    m.reply(null);
                  } else {
                    routed.incrementAndGet();
                  }
                });
    await(consumer.completion());
    return consumer;
  }

  private Future<IngestOutcome> ingest(IngestClient client, Envelope envelope) {
    Promise<IngestOutcome> outcome = Promise.promise();
    collector.runOnContext(v -> client.ingest(envelope).onComplete(outcome));
    return outcome.future();
  }

  private InteractionLog h2Log() {
    H2Database db = TestServices.openH2(vertx);
    InteractionLog log = new H2InteractionLog(db);
    await(vertx.deployVerticle(new InteractionsVerticle(log, metrics, 100, 10_000)));
    return log;
  }

  @Test
  void withoutARouterEventsAreRefusedAtOnceAndNotJournaled() {
    InteractionLog log = h2Log();
    IngestHealth health = IngestHealth.install(vertx, MANUAL, true);
    IngestClient client = new IngestClient(vertx, metrics, Ids.next(), Duration.ofMinutes(10));

    Throwable down = awaitFailure(health.check());
    assertTrue(down.getMessage().contains("no router"), down.getMessage());
    assertEquals(IngestOutcome.UNAVAILABLE, await(ingest(client, chat("hi"))));
    assertEquals(0L, await(log.count("health", Interaction.Kind.EVENT)), "nothing journaled");

    router();
    await(health.check());
    assertEquals(IngestOutcome.ACCEPTED, await(ingest(client, chat("hi again"))));
    assertEquals(1L, await(log.count("health", Interaction.Kind.EVENT)));
  }

  @Test
  void aWriterThatSpillsLeavesTheProcessReadyButDegradedAndEventsAccepted() {
    router();
    java.util.concurrent.atomic.AtomicLong spilled = new java.util.concurrent.atomic.AtomicLong(7);
    MessageConsumer<Object> writer =
        vertx
            .eventBus()
            .consumer(
                Addresses.INTERACTIONS,
                m -> {
                  if (Addresses.KIND_PROBE.equals(m.headers().get(Addresses.HEADER_KIND))) {
                    // The shape InteractionsVerticle answers a probe with.
                    m.reply(
                        new io.vertx.core.json.JsonObject()
                            .put("queued", 0)
                            .put("spilled", spilled.get()));
                  }
                });
    await(writer.completion());
    IngestHealth health = IngestHealth.install(vertx, MANUAL, true);

    Throwable degraded = awaitFailure(health.check());
    assertTrue(degraded instanceof dev.chorus.module.Degraded, String.valueOf(degraded));
    assertTrue(degraded.getMessage().contains("7 rows"), degraded.getMessage());
    assertEquals(null, health.refusal(), "a spilling log still takes events");

    spilled.set(0);
    await(health.check());
  }

  @Test
  void withoutARequiredRouterNotRequiredEventsAreJournaledForTheJournalToRoute() {
    InteractionLog log = h2Log();
    IngestHealth health = IngestHealth.install(vertx, MANUAL, false);
    IngestClient client = new IngestClient(vertx, metrics, Ids.next(), Duration.ofMinutes(10));

    await(health.check());
    assertEquals(IngestOutcome.ACCEPTED, await(ingest(client, chat("hi"))));
    assertEquals(1L, await(log.count("health", Interaction.Kind.EVENT)));
  }

  @Test
  void aLogThatStoppedAnsweringCostsOneTimeoutThenIsRefusedAtOnceUntilItIsBack() {
    router();
    AtomicInteger reachedLog = new AtomicInteger();
    MessageConsumer<Object> silent =
        vertx.eventBus().consumer(Addresses.INTERACTIONS, m -> reachedLog.incrementAndGet());
    await(silent.completion());
    IngestHealth health = IngestHealth.install(vertx, MANUAL, true);
    IngestClient client = new IngestClient(vertx, metrics, Ids.next(), Duration.ofSeconds(2));

    assertEquals(IngestOutcome.UNAVAILABLE, await(ingest(client, chat("one"))));
    assertEquals(IngestOutcome.UNAVAILABLE, await(ingest(client, chat("two"))));
    assertEquals(IngestOutcome.UNAVAILABLE, await(ingest(client, chat("three"))));
    assertEquals(1, reachedLog.get(), "after the first timeout nothing waits for the log");

    await(silent.unregister());
    InteractionLog log = h2Log();
    await(health.check());
    assertEquals(IngestOutcome.ACCEPTED, await(ingest(client, chat("four"))));
    assertEquals(1L, await(log.count("health", Interaction.Kind.EVENT)));
  }

  @Test
  void aWriterStuckOnALockedTableMakesReadinessFailAndNewEventsAreRefusedAtOnce() throws Exception {
    String schema = TestServices.newSchema();
    PgDatabase db = TestServices.openPg(vertx, schema);
    try {
      PgInteractionLog log = new PgInteractionLog(db.pool(), Clock.systemUTC(), 2, 30);
      await(log.maintain());
      await(vertx.deployVerticle(new InteractionsVerticle(log, metrics, 100, 10_000)));
      router();
      IngestHealth health = IngestHealth.install(vertx, MANUAL, true);
      IngestClient client = new IngestClient(vertx, metrics, Ids.next(), Duration.ofSeconds(60));
      await(health.check());

      SqlConnection locker = await(db.pool().getConnection());
      var tx = await(locker.begin());
      await(
          locker
              .query(
                  "LOCK TABLE interactions, idempotency_keys, pending_events"
                      + " IN ACCESS EXCLUSIVE MODE")
              .execute());
      Future<IngestOutcome> stuck = ingest(client, chat("stuck"));
      String why = null;
      for (int i = 0; i < 100 && why == null; i++) {
        Thread.sleep(100);
        try {
          health.check().await(10, TimeUnit.SECONDS);
        } catch (Exception probeFailed) {
          why = probeFailed.getMessage();
        }
      }
      assertTrue(why != null && why.contains("writing for more than"), String.valueOf(why));
      assertEquals(IngestOutcome.UNAVAILABLE, await(ingest(client, chat("refused"))));
      assertFalse(stuck.isComplete(), "refused while the first one still waits for the lock");

      await(tx.rollback());
      await(locker.close());
      assertEquals(IngestOutcome.ACCEPTED, await(stuck), "the held event is stored in the end");
      await(health.check());
      assertEquals(IngestOutcome.ACCEPTED, await(ingest(client, chat("after"))));
      assertEquals(2L, await(log.count("health", Interaction.Kind.EVENT)));
    } finally {
      await(db.close());
      TestServices.dropSchema(schema);
    }
  }
}
