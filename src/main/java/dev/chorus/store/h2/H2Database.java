package dev.chorus.store.h2;

import dev.chorus.store.sql.Dialect;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded profile's relational store: one H2 database (a file under the data directory, or any
 * H2 URL) in PostgreSQL compatibility mode, migrated by Flyway ({@code db/h2}) when opened.
 *
 * <p>Two ways in, over the same database: {@link #sql()}, Vert.x's {@link JDBCPool}, which the
 * shared SQL adapters use exactly as they use the PostgreSQL client; and {@link #call} / {@link
 * #transaction}, blocking JDBC on a dedicated worker pool, kept for the interaction log's tuned
 * batch path. Either way event loops never touch a connection. The Vert.x pool's connections are
 * wrapped by {@link AutoCommitReset} (a bug of the JDBC client).
 */
public final class H2Database {

  /** A unit of blocking JDBC work. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  private final JdbcConnectionPool blocking;
  private final WorkerExecutor workers;
  private final SqlDatabase sql;
  private final String url;

  /** The data file, opened read-only to force it to disk; null for an in-memory database. */
  private final FileChannel file;

  private H2Database(
      JdbcConnectionPool blocking,
      WorkerExecutor workers,
      Pool pool,
      String url,
      FileChannel file) {
    this.blocking = blocking;
    this.workers = workers;
    this.sql = new SqlDatabase(pool, Dialect.H2);
    this.url = url;
    this.file = file;
  }

  /**
   * Makes every transaction committed so far durable: {@code CHECKPOINT} writes what H2 holds in
   * memory (its commits reach the file only every 500 ms otherwise) as one chunk, then the data
   * file is forced to disk (fsync) through a descriptor of our own. Called once per interaction-log
   * batch, it is a group commit: one chunk and one fsync for the whole batch, and for whatever
   * other stores committed meanwhile. Blocking; only the checkpoint for an in-memory database.
   */
  public void forceBlocking(Connection connection) throws SQLException {
    try (var checkpoint = connection.createStatement()) {
      checkpoint.execute("CHECKPOINT");
    }
    if (file != null) {
      try {
        file.force(false);
      } catch (java.io.IOException e) {
        throw new SQLException("committed but not forced to disk: " + e.getMessage(), e);
      }
    }
  }

  /** Opens asynchronously: directory creation, migration and pool creation run on a worker. */
  public static Future<H2Database> open(Vertx vertx, H2Options options) {
    return vertx.executeBlocking(() -> openBlocking(vertx, options), false);
  }

  /**
   * Opens (creating the database when absent) and migrates it. Blocking: call from a worker or at
   * start-up.
   */
  public static H2Database openBlocking(Vertx vertx, H2Options options) {
    Path dir = options.directory();
    if (dir != null) {
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create H2 directory " + dir + ": " + e, e);
      }
    }
    String url = options.jdbcUrl();
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/h2").load().migrate();
    JdbcConnectionPool blocking = JdbcConnectionPool.create(url, "sa", "");
    blocking.setMaxConnections(options.poolSize());
    String name = "chorus-h2-" + Integer.toHexString(url.hashCode());
    WorkerExecutor workers = vertx.createSharedWorkerExecutor(name, options.poolSize());
    JdbcDataSource source = new JdbcDataSource();
    source.setURL(url);
    source.setUser("sa");
    source.setPassword("");
    Pool pool =
        JDBCPool.pool(
            vertx,
            AutoCommitReset.wrap(source),
            new PoolOptions().setMaxSize(options.poolSize()).setName(name + "-vertx"));
    FileChannel file = null;
    Path data = options.dataFile();
    if (data != null) {
      try {
        file = FileChannel.open(data, StandardOpenOption.READ);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot open " + data + " to force it to disk: " + e, e);
      }
    }
    return new H2Database(blocking, workers, pool, url, file);
  }

  /** The Vert.x pool over this database, for the shared SQL adapters. */
  public SqlDatabase sql() {
    return sql;
  }

  /**
   * Runs {@code work} with a pooled connection on the H2 worker pool. Auto-commit is on unless the
   * work changes it.
   */
  public <T> Future<T> call(SqlWork<T> work) {
    return workers.executeBlocking(
        () -> {
          try (Connection connection = blocking.getConnection()) {
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

  /** Succeeds when the database answers {@code SELECT 1} through both pools. */
  public Future<Void> check() {
    return sql.check()
        .compose(
            ignored ->
                call(
                    connection -> {
                      try (var statement = connection.createStatement()) {
                        statement.execute("SELECT 1");
                      }
                      return null;
                    }));
  }

  public String url() {
    return url;
  }

  /**
   * Closes both pools. The database file stays. Every adapter on this database shares it: close it
   * once, after them.
   */
  public Future<Void> close() {
    return sql.pool()
        .close()
        .eventually(
            () ->
                workers.executeBlocking(
                    () -> {
                      blocking.dispose();
                      if (file != null) {
                        file.close();
                      }
                      return (Void) null;
                    },
                    false))
        .eventually(workers::close);
  }

  @Override
  public String toString() {
    return "H2 " + url;
  }
}
