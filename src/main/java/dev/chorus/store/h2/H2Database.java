package dev.chorus.store.h2;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded profile's relational store: one H2 file database under the data directory, in
 * PostgreSQL compatibility mode, migrated by Flyway ({@code db/h2}) when opened. JDBC is blocking,
 * so every call runs on a dedicated worker pool sized like the connection pool; event loops never
 * touch a connection.
 */
public final class H2Database {

  /** A unit of blocking JDBC work. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  private final JdbcConnectionPool pool;
  private final WorkerExecutor workers;
  private final String url;

  private H2Database(JdbcConnectionPool pool, WorkerExecutor workers, String url) {
    this.pool = pool;
    this.workers = workers;
    this.url = url;
  }

  /**
   * Opens (creating when absent) {@code <dataDir>/<name>.mv.db} and migrates it. Blocking: call
   * from a worker or at start-up.
   */
  public static H2Database openBlocking(Vertx vertx, Path dataDir, String name, int poolSize) {
    return openUrlBlocking(vertx, fileUrl(dataDir, name), poolSize);
  }

  /**
   * The JDBC URL of {@code <dataDir>/<name>.mv.db}. LOBs up to 16 KB (every interaction payload in
   * practice) are kept in the row instead of H2's separate LOB store, which halves the cost of an
   * interaction-log insert.
   */
  public static String fileUrl(Path dataDir, String name) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve(name)
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
        + ";MAX_LENGTH_INPLACE_LOB=16384";
  }

  /** Opens an H2 database by JDBC URL (tests use {@code jdbc:h2:mem:…}). Blocking. */
  public static H2Database openUrlBlocking(Vertx vertx, String url, int poolSize) {
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/h2").load().migrate();
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    pool.setMaxConnections(poolSize);
    WorkerExecutor workers =
        vertx.createSharedWorkerExecutor(
            "chorus-h2-" + Integer.toHexString(url.hashCode()), poolSize);
    return new H2Database(pool, workers, url);
  }

  /** Opens asynchronously: migration and pool creation run on a worker thread. */
  public static Future<H2Database> open(Vertx vertx, Path dataDir, String name, int poolSize) {
    return vertx.executeBlocking(() -> openBlocking(vertx, dataDir, name, poolSize), false);
  }

  /**
   * Runs {@code work} with a pooled connection on the H2 worker pool. Auto-commit is on unless the
   * work changes it.
   */
  public <T> Future<T> call(SqlWork<T> work) {
    return workers.executeBlocking(
        () -> {
          try (Connection connection = pool.getConnection()) {
            return work.apply(connection);
          }
        },
        false);
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public <T> Future<T> transaction(SqlWork<T> work) {
    return call(
        connection -> {
          connection.setAutoCommit(false);
          try {
            T result = work.apply(connection);
            connection.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        });
  }

  /** Succeeds when the database answers {@code SELECT 1}. */
  public Future<Void> check() {
    return call(
        connection -> {
          try (var statement = connection.createStatement()) {
            statement.execute("SELECT 1");
          }
          return null;
        });
  }

  public String url() {
    return url;
  }

  /**
   * Closes the pool. The database file stays. Several stores may share one instance: close it once,
   * last.
   */
  public Future<Void> close() {
    return workers
        .executeBlocking(
            () -> {
              pool.dispose();
              return (Void) null;
            },
            false)
        .eventually(workers::close);
  }
}
