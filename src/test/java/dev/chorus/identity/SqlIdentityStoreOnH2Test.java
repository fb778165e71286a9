package dev.chorus.identity;

import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlIdentityStoreOnH2Test extends PeopleStoreContract {

  private final SqlFixture db = SqlFixture.h2();

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
