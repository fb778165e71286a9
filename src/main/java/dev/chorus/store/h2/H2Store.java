package dev.chorus.store.h2;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Base of the embedded adapters: they share one {@link H2Database}; the adapter that owns it closes
 * it. Readiness is the database answering, and statements bind their parameters the same way.
 */
public abstract class H2Store {

  protected final H2Database db;
  private final boolean ownsDatabase;

  /**
   * @param ownsDatabase close the database when this store is closed
   */
  protected H2Store(H2Database db, boolean ownsDatabase) {
    this.db = Objects.requireNonNull(db, "db");
    this.ownsDatabase = ownsDatabase;
  }

  public Future<Void> check() {
    return db.check();
  }

  public Future<Void> close() {
    return ownsDatabase ? db.close() : Future.succeededFuture();
  }

  /** Binds {@code args} to the statement's parameters in order ({@code null} binds SQL NULL). */
  protected static void bind(PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
  }

  /** Runs one update statement with {@code args}; returns the number of rows it changed. */
  protected static int update(Connection connection, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, args);
      return statement.executeUpdate();
    }
  }
}
