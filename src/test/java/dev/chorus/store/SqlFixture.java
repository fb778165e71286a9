package dev.chorus.store;

import static dev.chorus.store.TestServices.await;

import dev.chorus.store.h2.H2Database;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.store.sql.Dialect;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * One dialect's database for a contract suite of a shared SQL adapter: the store's handle and a
 * second one on the same data from another Vert.x instance, closed (and, on PostgreSQL, dropped)
 * together.
 */
public abstract class SqlFixture {

  /** The first handle: a fresh, migrated database. */
  public abstract SqlDatabase open(Vertx vertx);

  /** Another handle on the database {@link #open} made, as another process would have. */
  public abstract SqlDatabase openSecond(Vertx vertx);

  /** Closes both handles and drops what {@link #open} created. */
  public abstract void close();

  /** A private in-memory H2 database. */
  public static SqlFixture h2() {
    return new SqlFixture() {
      private final List<H2Database> dbs = new ArrayList<>();

      @Override
      public SqlDatabase open(Vertx vertx) {
        dbs.add(TestServices.openH2(vertx));
        return dbs.get(0).sql();
      }

      @Override
      public SqlDatabase openSecond(Vertx vertx) {
        H2Database second = TestServices.reopenH2(vertx, dbs.get(0));
        dbs.add(second);
        return second.sql();
      }

      @Override
      public void close() {
        dbs.forEach(db -> await(db.close()));
      }
    };
  }

  /** A fresh schema on the test PostgreSQL. */
  public static SqlFixture postgresql() {
    return new SqlFixture() {
      private final String schema = TestServices.newSchema();
      private PgDatabase db;
      private Pool second;

      @Override
      public SqlDatabase open(Vertx vertx) {
        db = TestServices.openPg(vertx, schema);
        return db.sql();
      }

      @Override
      public SqlDatabase openSecond(Vertx vertx) {
        second = TestServices.pool(vertx, schema, 4);
        return new SqlDatabase(second, Dialect.POSTGRESQL);
      }

      @Override
      public void close() {
        if (second != null) {
          await(second.close());
        }
        await(db.close());
        TestServices.dropSchema(schema);
      }
    };
  }
}
