package dev.chorus.interactions;

import java.sql.SQLException;

/**
 * Tells a store failure that the input causes (a data or constraint error: retrying the same row
 * can never succeed) from one of the store itself (down, slow, full: retrying later may).
 */
final class StoreFailures {

  private StoreFailures() {}

  /** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation). */
  static boolean isPermanent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String state = null;
      if (t instanceof SQLException sql) {
        state = sql.getSQLState();
      } else if (t instanceof io.vertx.pgclient.PgException pg) {
        state = pg.getSqlState();
      }
      if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
        return true;
      }
    }
    return false;
  }
}
