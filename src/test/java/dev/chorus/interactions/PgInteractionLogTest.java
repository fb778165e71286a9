package dev.chorus.interactions;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Ids;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The contract on PostgreSQL, plus partitioning and retention. */
class PgInteractionLogTest extends InteractionLogContract {

  private final String schema = TestServices.newSchema();
  private PgDatabase db;

  @Override
  protected InteractionLog open(Vertx vertx) {
    db = TestServices.openPg(vertx, schema);
    PgInteractionLog pg = new PgInteractionLog(db.pool(), Clock.systemUTC(), 2, 30);
    await(pg.maintain());
    return pg;
  }

  @Override
  protected void cleanUp() {
    await(db.close());
    TestServices.dropSchema(schema);
  }

  /** A UUIDv7 whose timestamp is {@code at}. */
  static String idAt(Instant at) {
    long msb = (at.toEpochMilli() << 16) | 0x7000L | ThreadLocalRandom.current().nextInt(0x1000);
    long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  @Test
  void retentionDropsOldPartitionsAndKeepsNewerOnes() {
    String ownSchema = TestServices.newSchema();
    PgDatabase own = TestServices.openPg(vertx, ownSchema);
    try {
      retention(own);
    } finally {
      await(own.close());
      TestServices.dropSchema(ownSchema);
    }
  }

  /** In a schema of its own, because "now" is years ahead of the other tests' rows. */
  private void retention(PgDatabase own) {
    Instant now = Instant.parse("2031-03-20T12:00:00Z");
    PgInteractionLog fixed =
        new PgInteractionLog(own.pool(), Clock.fixed(now, ZoneOffset.UTC), 3, 7);
    List<Interaction> rows = new ArrayList<>();
    for (int daysAgo = 15; daysAgo >= 0; daysAgo--) {
      Instant at = now.minusSeconds(86_400L * daysAgo);
      rows.add(event(idAt(at), "ch", "u" + daysAgo, at));
    }
    assertEquals(16, await(fixed.append(rows)).size());
    assertTrue(
        await(fixed.partitions())
            .containsAll(List.of(LocalDate.parse("2031-03-05"), LocalDate.parse("2031-03-20"))),
        "partitions are created on demand for the days a batch needs");

    PgInteractionLog.Maintenance done = await(fixed.maintain());

    List<LocalDate> dropped = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2031-03-05");
        d.isBefore(LocalDate.parse("2031-03-13"));
        d = d.plusDays(1)) {
      dropped.add(d);
    }
    assertEquals(dropped, done.dropped());
    assertEquals(
        List.of(
            LocalDate.parse("2031-03-21"),
            LocalDate.parse("2031-03-22"),
            LocalDate.parse("2031-03-23")),
        done.created());
    List<LocalDate> left = await(fixed.partitions());
    assertTrue(
        left.stream().noneMatch(d -> d.isBefore(LocalDate.parse("2031-03-13"))), left.toString());
    for (LocalDate d = LocalDate.parse("2031-03-13");
        !d.isAfter(LocalDate.parse("2031-03-23"));
        d = d.plusDays(1)) {
      assertTrue(left.contains(d), "kept " + d + " in " + left);
    }
    assertEquals(
        8L,
        await(fixed.count(community, Interaction.Kind.EVENT)),
        "rows of the last 8 days remain");
    assertEquals(
        new PgInteractionLog.Maintenance(List.of(), List.of()),
        await(fixed.maintain()),
        "idempotent");

    // This log instance still believes the dropped days exist: appending into one recreates it.
    Instant old = now.minusSeconds(86_400L * 10);
    assertEquals(1, await(fixed.append(List.of(event(idAt(old), "ch", "late", old)))).size());
    assertEquals(9L, await(fixed.count(community, Interaction.Kind.EVENT)));
  }

  @Test
  void idsThatAreNotUuidV7ArePartitionedByTheirTime() {
    Interaction foreign = event("client-" + UUID.randomUUID(), "ch", "a", base);
    assertEquals(Set.of(foreign.id()), await(log.append(List.of(foreign))));
    assertEquals(Set.of(), await(log.append(List.of(foreign))));
    assertEquals(List.of(foreign), await(log.latest(community, "ch", 5)));
  }

  @Test
  void appendsFromTwoProcessesCreatingTheSamePartitionDoNotCollide() {
    Vertx second = Vertx.vertx();
    try {
      var pool = TestServices.pool(second, schema, 2);
      Instant day = Instant.parse("2032-06-01T10:00:00Z");
      PgInteractionLog a = new PgInteractionLog(db.pool(), Clock.systemUTC(), 1, 3650);
      PgInteractionLog b = new PgInteractionLog(pool, Clock.systemUTC(), 1, 3650);
      var first =
          a.append(List.of(event(idAt(day), "ch", "a", day), event(Ids.next(), "ch", "now", base)));
      var other = b.append(List.of(event(idAt(day.plusSeconds(5)), "ch", "b", day)));
      assertEquals(2, await(first).size());
      assertEquals(1, await(other).size());
      assertEquals(3L, await(log.count(community, Interaction.Kind.EVENT)));
      await(pool.close());
    } finally {
      await(second.close());
    }
  }
}
