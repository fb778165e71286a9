package dev.chorus.bench;

import dev.chorus.identity.CachingIdentityStore;
import dev.chorus.identity.IdentityStore;
import dev.chorus.identity.Person;
import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Identity lookups as the identity stage makes them ({@code CachingIdentityStore.resolve}) over
 * PostgreSQL: hits per second on one thread (no store call at all), and the latency of misses (the
 * account evicted before each call), sequential and with {@code concurrency} in flight.
 *
 * <pre>
 * mvn -o -q -Pbench test-compile exec:exec@bench-identity -Dbench.args="--accounts=2000 --seconds=5"
 * </pre>
 */
public final class IdentityLookupBench {

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int accounts = args.integer("accounts", 2000);
    int seconds = args.integer("seconds", 5);
    int misses = args.integer("misses", 4000);
    int concurrency = args.integer("concurrency", 8);
    String schema = TestServices.newSchema();
    Vertx vertx = Vertx.vertx();
    PgDatabase pg = TestServices.openPg(vertx, schema);
    try {
      CachingIdentityStore store =
          new CachingIdentityStore(
              new SqlIdentityStore(pg.sql()), vertx.eventBus(), 100_000, Duration.ofMinutes(10));
      TestServices.await(store.ready());
      for (int i = 0; i < accounts; i++) {
        TestServices.await(store.resolve("bench", "twitch", "u" + i, "user" + i, "User" + i));
      }
      hits(store, accounts, seconds);
      misses(store, accounts, misses, 1);
      misses(store, accounts, misses, concurrency);
    } finally {
      TestServices.await(pg.close());
      TestServices.dropSchema(schema);
      TestServices.await(vertx.close());
    }
  }

  private static void hits(IdentityStore store, int accounts, int seconds) {
    String[] ids = new String[accounts];
    String[] logins = new String[accounts];
    String[] names = new String[accounts];
    for (int i = 0; i < accounts; i++) {
      ids[i] = "u" + i;
      logins[i] = "user" + i;
      names[i] = "User" + i;
    }
    long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long count = 0;
    long sink = 0;
    long start = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 2);
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      if (start == 0 && now >= warm) {
        start = now;
        count = 0;
      }
      for (int k = 0; k < 1000; k++) {
        int i = (int) (count++ % accounts);
        Future<Person> f = store.resolve("bench", "twitch", ids[i], logins[i], names[i]);
        if (!f.isComplete()) {
          throw new IllegalStateException("a hit went to the store");
        }
        sink += f.result().id().length();
      }
    }
    double rate = count / ((System.nanoTime() - start) / 1e9);
    System.out.printf("cache hits: %,.0f lookups/s on one thread (%d)%n", rate, sink & 1);
  }

  private static void misses(CachingIdentityStore store, int accounts, int n, int concurrency)
      throws Exception {
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long start = System.nanoTime();
    int done = 0;
    while (done < n) {
      List<Future<Long>> batch = new ArrayList<>();
      for (int c = 0; c < concurrency && done < n; c++, done++) {
        int i = done % accounts;
        store.evict("bench", "twitch", "u" + i);
        long t0 = System.nanoTime();
        batch.add(
            store
                .resolve("bench", "twitch", "u" + i, "user" + i, "User" + i)
                .map(p -> System.nanoTime() - t0));
      }
      for (Future<Long> f : batch) {
        latency.recordValue(TestServices.await(f));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "misses, %d in flight: %,.0f lookups/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d)%n",
        concurrency,
        n / seconds,
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getMaxValue() / 1e6,
        latency.getTotalCount());
  }
}
