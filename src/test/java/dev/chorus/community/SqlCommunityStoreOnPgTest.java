package dev.chorus.community;

import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlCommunityStoreOnPgTest extends CommunityStoreContract {

  private final SqlFixture db = SqlFixture.postgresql();

  @Override
  protected CommunityStore open(Vertx vertx) {
    return new SqlCommunityStore(db.open(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
