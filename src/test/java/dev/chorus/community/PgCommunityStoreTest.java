package dev.chorus.community;

import static dev.chorus.store.TestServices.await;

import dev.chorus.community.pg.PgCommunityStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.pg.PgDatabase;
import io.vertx.core.Vertx;

class PgCommunityStoreTest extends CommunityStoreContract {

  private final String schema = TestServices.newSchema();
  private PgDatabase db;

  @Override
  protected CommunityStore open(Vertx vertx) {
    db = TestServices.openPg(vertx, schema);
    return new PgCommunityStore(db.pool());
  }

  @Override
  protected void cleanUp() {
    await(db.close());
    TestServices.dropSchema(schema);
  }
}
