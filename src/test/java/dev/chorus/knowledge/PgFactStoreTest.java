package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;

import dev.chorus.knowledge.pg.PgFactStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import io.vertx.core.Vertx;

class PgFactStoreTest extends FactStoreContract {

  private final String schema = TestServices.newSchema();
  private PgDatabase db;

  @Override
  protected FactStore open(Vertx vertx) {
    db = TestServices.openPg(vertx, schema);
    return new PgFactStore(db.pool());
  }

  @Override
  protected void cleanUp() {
    await(db.close());
    TestServices.dropSchema(schema);
  }
}
