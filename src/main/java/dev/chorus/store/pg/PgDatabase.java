package dev.chorus.store.pg;

import dev.chorus.store.sql.Dialect;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * The cluster profile's relational store: a Vert.x PostgreSQL pool whose connections use the
 * configured schema ({@link PgOptions#schema()}) as their {@code search_path}, after Flyway has
 * migrated that schema ({@code classpath:db/pg}).
 *
 * <p>Migrations run once per process at start-up, on a worker thread, inside a session-level {@code
 * pg_advisory_lock} keyed on the schema, so processes that start together migrate one after the
 * other: the first applies the migrations, the others find nothing to do. Flyway takes its own
 * advisory lock around applying migrations too; the outer lock also covers creating the schema and
 * the history table (decision 012).
 *
 * <p>Credentials: {@link PgOptions#user()} and {@link PgOptions#password()} are used unless the URL
 * carries its own ({@code postgresql://user:password@host/db}).
 */
public final class PgDatabase {

  private static final String MIGRATION_LOCK = "chorus:migrate:";

  private final Pool pool;
  private final String schema;
  private final SqlDatabase sql;

  private PgDatabase(Pool pool, String schema) {
    this.pool = pool;
    this.schema = schema;
    this.sql = new SqlDatabase(pool, Dialect.POSTGRESQL);
  }

  /**
   * Migrates the schema (on a worker) and opens the pool. Fails with a message naming the server
   * when it does not answer.
   */
  public static Future<PgDatabase> open(Vertx vertx, PgOptions config) {
    PgConnectOptions options = connectOptions(config);
    return vertx
        .executeBlocking(
            () -> {
              migrateBlocking(config);
              return null;
            },
            false)
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "PostgreSQL at "
                            + options.getHost()
                            + ":"
                            + options.getPort()
                            + "/"
                            + options.getDatabase()
                            + " (schema "
                            + config.schema()
                            + "): migration failed: "
                            + rootMessage(e),
                        e)))
        .map(ignored -> new PgDatabase(pool(vertx, config), config.schema()));
  }

  /**
   * A pool on {@code config} without migrating (tests and benchmarks that share a migrated schema).
   */
  public static Pool pool(Vertx vertx, PgOptions config) {
    return PgBuilder.pool()
        .with(
            new PoolOptions()
                .setMaxSize(config.poolSize())
                .setName("chorus-pg-" + config.schema())
                .setConnectionTimeout(config.connectTimeoutMs())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(config.connectTimeoutMs()))
        .connectingTo(connectOptions(config))
        .using(vertx)
        .build();
  }

  /** Connection options: URL, credentials, and {@code search_path} set to the schema. */
  public static PgConnectOptions connectOptions(PgOptions config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.url());
    String userInfo = URI.create(config.url()).getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      options.setUser(config.user());
      options.setPassword(config.password());
    } else if (!userInfo.contains(":") && !config.password().isEmpty()) {
      options.setPassword(config.password());
    }
    options.addProperty("search_path", config.schema());
    options.addProperty("application_name", "chorus");
    return options;
  }

  /**
   * Creates the schema when absent and applies {@code classpath:db/pg}, holding a session advisory
   * lock keyed on the schema for the whole run. Blocking.
   */
  public static void migrateBlocking(PgOptions config) {
    PgConnectOptions options = connectOptions(config);
    String jdbcUrl =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    Properties props = new Properties();
    props.setProperty("user", options.getUser());
    props.setProperty("password", options.getPassword() == null ? "" : options.getPassword());
    props.setProperty(
        "connectTimeout", Integer.toString(Math.max(1, config.connectTimeoutMs() / 1000)));
    props.setProperty("ApplicationName", "chorus-migrate");
    try (Connection lockConnection = DriverManager.getConnection(jdbcUrl, props)) {
      try (PreparedStatement lock =
          lockConnection.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
        lock.setString(1, MIGRATION_LOCK + config.schema());
        lock.execute();
      }
      try {
        Flyway.configure()
            .dataSource(jdbcUrl, options.getUser(), options.getPassword())
            .schemas(config.schema())
            .defaultSchema(config.schema())
            .createSchemas(true)
            .locations("classpath:db/pg")
            .load()
            .migrate();
      } finally {
        try (PreparedStatement unlock =
            lockConnection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
          unlock.setString(1, MIGRATION_LOCK + config.schema());
          unlock.execute();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot reach PostgreSQL at " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  public Pool pool() {
    return pool;
  }

  /** The same pool for the shared SQL adapters. */
  public SqlDatabase sql() {
    return sql;
  }

  public String schema() {
    return schema;
  }

  /** Succeeds when PostgreSQL answers {@code SELECT 1}. */
  public Future<Void> check() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  public Future<Void> close() {
    return pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
