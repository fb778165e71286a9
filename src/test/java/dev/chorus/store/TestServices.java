package dev.chorus.store;

import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Options;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.store.pg.PgOptions;
import dev.chorus.store.redis.RedisOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where the tests find PostgreSQL and Redis, and how each test gets its own corner of them.
 *
 * <p>{@code CHORUS_TEST_PG_URL} (default {@code postgresql://postgres@127.0.0.1:5432/test}) and
 * {@code CHORUS_TEST_REDIS_URL} (default {@code redis://127.0.0.1:6379}); {@code scripts/test}
 * starts both when they are not running. Every PostgreSQL test class works in its own schema
 * ({@code chorus_test_<random>}, dropped afterwards) and every Redis test in its own key prefix.
 */
public final class TestServices {

  public static final String PG_URL =
      envOr("CHORUS_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test");
  public static final String REDIS_URL = envOr("CHORUS_TEST_REDIS_URL", "redis://127.0.0.1:6379");

  private TestServices() {}

  /** A fresh, unused schema name. */
  public static String newSchema() {
    return "chorus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A fresh key prefix for Redis. */
  public static String newKeyPrefix() {
    return "chorus-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** PostgreSQL options for {@code schema}. */
  public static PgOptions pg(String schema, int poolSize) {
    return new PgOptions(PG_URL, "postgres", "", schema, poolSize, 10_000);
  }

  public static RedisOptions redis(String keyPrefix) {
    return new RedisOptions(REDIS_URL, 4, keyPrefix);
  }

  /** Settings overrides for a cluster-profile {@link ChorusConfig} on the test services. */
  public static Map<String, String> clusterSettings(String schema, String keyPrefix) {
    return Map.of(
        "storage.profile",
        "cluster",
        "pg.url",
        PG_URL,
        "pg.schema",
        schema,
        "pg.poolSize",
        "4",
        "redis.url",
        REDIS_URL,
        "redis.keyPrefix",
        keyPrefix);
  }

  /** Migrates a new schema and opens a pool on it. */
  public static PgDatabase openPg(Vertx vertx, String schema) {
    return await(PgDatabase.open(vertx, pg(schema, 4)));
  }

  /** A pool on an already migrated schema (a second Vert.x instance in a race test). */
  public static Pool pool(Vertx vertx, String schema, int size) {
    return PgDatabase.pool(vertx, pg(schema, size));
  }

  /** Drops a test schema and everything in it. */
  public static void dropSchema(String schema) {
    if (!schema.startsWith("chorus_test_")) {
      throw new IllegalArgumentException("refusing to drop " + schema);
    }
    var options = PgDatabase.connectOptions(pg(schema, 1));
    String url =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    try (Connection c = DriverManager.getConnection(url, options.getUser(), options.getPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema + ": " + e.getMessage(), e);
    }
  }

  /** A private in-memory H2 database migrated with {@code db/h2}, alive until the JVM exits. */
  public static H2Database openH2(Vertx vertx) {
    String url =
        "jdbc:h2:mem:chorus_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    return H2Database.openBlocking(vertx, new H2Options(url, 4));
  }

  /** A second handle on the same in-memory H2 database, from another Vert.x instance. */
  public static H2Database reopenH2(Vertx vertx, H2Database db) {
    return H2Database.openBlocking(vertx, new H2Options(db.url(), 4));
  }

  /** Waits for a future from a test thread (never an event loop), failing after 60 s. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected the future to fail");
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
