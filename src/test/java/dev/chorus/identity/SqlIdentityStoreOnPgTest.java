package dev.chorus.identity;

import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlIdentityStoreOnPgTest extends PeopleStoreContract {

  private final SqlFixture db = SqlFixture.postgresql();

  @Override
  protected IdentityStore open(Vertx vertx) {
    return new SqlIdentityStore(db.open(vertx));
  }

  @Override
  protected IdentityStore openSecond(Vertx vertx) {
    return new SqlIdentityStore(db.openSecond(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
