package dev.chorus.identity;

import static dev.chorus.store.TestServices.await;

import dev.chorus.identity.pg.PgIdentityStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

class PgIdentityStoreTest extends IdentityStoreContract {

  private final String schema = TestServices.newSchema();
  private PgDatabase db;
  private Pool second;

  @Override
  protected IdentityStore open(Vertx vertx) {
    db = TestServices.openPg(vertx, schema);
    return new PgIdentityStore(db.pool());
  }

  @Override
  protected IdentityStore openSecond(Vertx vertx) {
    second = TestServices.pool(vertx, schema, 4);
    return new PgIdentityStore(second);
  }

  @Override
  protected void cleanUp() {
    await(second.close());
    await(db.close());
    TestServices.dropSchema(schema);
  }
}
