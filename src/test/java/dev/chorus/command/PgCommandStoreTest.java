package dev.chorus.command;

import static dev.chorus.store.TestServices.await;

import dev.chorus.command.pg.PgCommandStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

class PgCommandStoreTest extends CommandStoreContract {

  private final String schema = TestServices.newSchema();
  private PgDatabase db;
  private Pool second;

  @Override
  protected CommandStore open(Vertx vertx) {
    db = TestServices.openPg(vertx, schema);
    return new PgCommandStore(db.pool());
  }

  @Override
  protected CommandStore openSecond(Vertx vertx) {
    second = TestServices.pool(vertx, schema, 4);
    return new PgCommandStore(second);
  }

  @Override
  protected void cleanUp() {
    await(second.close());
    await(db.close());
    TestServices.dropSchema(schema);
  }
}
