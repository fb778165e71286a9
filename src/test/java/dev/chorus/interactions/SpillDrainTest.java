package dev.chorus.interactions;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Ids;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.store.pg.PgOptions;
import dev.chorus.testing.TcpProxy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spill buffer against a real PostgreSQL that goes away: the writer reaches it through a
 * loopback relay that the test cuts (connections refused) or freezes (connections open, no byte
 * passes). Rows accepted meanwhile are answered as durable, and once the store is back they are in
 * the log exactly once, in the order they came.
 */
class SpillDrainTest {

  @TempDir Path dir;
  private final String schema = TestServices.newSchema();
  private Vertx vertx;
  private Context context;
  private PgDatabase direct;
  private Pool viaProxy;
  private TcpProxy proxy;
  private PgInteractionLog log;
  private PgInteractionLog truth;
  private SpillBuffer buffer;
  private InteractionLogWriter writer;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    direct = TestServices.openPg(vertx, schema);
    truth = new PgInteractionLog(direct.pool(), Clock.systemUTC(), 2, 30);
    await(truth.maintain());
    URI pg = URI.create(TestServices.PG_URL);
    proxy = TcpProxy.start(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
    String url =
        "postgresql://127.0.0.1:" + proxy.port() + pg.getPath(); // same database, through the relay
    viaProxy = PgDatabase.pool(vertx, new PgOptions(url, "postgres", "", schema, 2, 2_000));
    log = new PgInteractionLog(viaProxy, Clock.systemUTC(), 2, 30);
    buffer = SpillBuffer.open(dir.resolve("spill-0.mv.db"), 10_000);
    writer =
        new InteractionLogWriter(
            log,
            50,
            10_000,
            ChorusMetrics.inMemory(),
            new InteractionLogWriter.Spill(vertx, buffer, 10_000, 300, 100));
    onContext(writer::start);
  }

  @AfterEach
  void tearDown() {
    proxy.close();
    viaProxy.close().await();
    direct.close().await();
    buffer.close();
    vertx.close().await();
    TestServices.dropSchema(schema);
  }

  @Test
  void whileTheStoreRefusesConnectionsRowsSpillAndAreDrainedOnceWhenItIsBack() throws Exception {
    // the writer has written through the relay once, so the pool holds open connections to cut
    assertTrue(onContext(() -> writer.submit(SpillBufferTest.event("sd", Ids.next(), null))));
    proxy.down();
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(SpillBufferTest.event("sd", Ids.next(), "web:u:" + i));
    }
    List<Boolean> answers = submitAll(rows);
    assertEquals(120, answers.stream().filter(b -> b).count(), "every row accepted: " + answers);
    assertEquals(120, onContext(() -> Future.succeededFuture(writer.spilled())));
    assertEquals(1L, await(truth.count("sd", Interaction.Kind.EVENT)), "nothing reached the log");
    assertNull(onContext(() -> Future.succeededFuture(writer.problem(5_000))), "ingest stays up");

    // a resend of a spilled event is recognised, by id and by key, while the store is still down
    assertEquals(false, onContext(() -> writer.submit(rows.get(3))));
    Interaction sameKey = SpillBufferTest.event("sd", Ids.next(), "web:u:5");
    assertEquals(false, onContext(() -> writer.submit(sameKey)));
    assertEquals(rows.get(5).id(), onContext(() -> writer.keyHolder("sd", "web:u:5")));
    onContext(
        () -> {
          writer.finished(rows.get(0).id());
          return Future.succeededFuture();
        });

    proxy.up();
    waitUntilDrained();
    assertEquals(121L, await(truth.count("sd", Interaction.Kind.EVENT)), "each row once");
    List<Interaction> stored = await(truth.latest("sd", null, 500));
    List<String> storedIds = new ArrayList<>();
    for (int i = stored.size() - 1; i >= 0; i--) {
      storedIds.add(stored.get(i).id());
    }
    for (Interaction r : rows) {
      assertTrue(storedIds.contains(r.id()), r.id() + " drained");
    }
    assertEquals(120L, await(truth.unfinished()), "the finished mark taken while down is written");
    // and the writer writes straight to the store again
    assertTrue(onContext(() -> writer.submit(SpillBufferTest.event("sd", Ids.next(), null))));
    assertEquals(0, onContext(() -> Future.succeededFuture(writer.spilled())));
    assertEquals(122L, await(truth.count("sd", Interaction.Kind.EVENT)));
  }

  @Test
  void aFrozenStoreIsSpilledAfterSpillAfterMsAndTheThawedBatchIsNotStoredTwice() throws Exception {
    assertTrue(onContext(() -> writer.submit(SpillBufferTest.event("sf", Ids.next(), null))));
    proxy.freeze();
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      rows.add(SpillBufferTest.event("sf", Ids.next(), null));
    }
    // the first batch hangs in the frozen store; after 300 ms it and all behind it are spilled
    List<Boolean> answers = submitAll(rows);
    assertEquals(80, answers.stream().filter(b -> b).count());
    assertEquals(1L, await(truth.count("sf", Interaction.Kind.EVENT)));
    proxy.up(); // thaws: the held batch commits, and the drain finds its rows already there
    waitUntilDrained();
    assertEquals(81L, await(truth.count("sf", Interaction.Kind.EVENT)), "each row once");
  }

  private List<Boolean> submitAll(List<Interaction> rows) throws Exception {
    return onContext(
        () -> {
          List<Future<Boolean>> all = new ArrayList<>();
          for (Interaction r : rows) {
            all.add(writer.submit(r));
          }
          return Future.all(all).map(f -> f.<Boolean>list());
        });
  }

  private void waitUntilDrained() throws Exception {
    for (int i = 0; i < 300; i++) {
      if (onContext(() -> Future.succeededFuture(writer.spilled())) == 0
          && onContext(() -> Future.succeededFuture(writer.problem(5_000) == null))) {
        onContext(writer::drain);
        if (onContext(() -> Future.succeededFuture(writer.spilled())) == 0) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("spill buffer not drained within 30 s");
  }

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
    return result.get(30, TimeUnit.SECONDS);
  }
}
