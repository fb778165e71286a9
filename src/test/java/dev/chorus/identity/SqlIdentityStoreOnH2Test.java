package dev.chorus.identity;

import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlIdentityStoreOnH2Test extends PeopleStoreContract {

  private final SqlFixture db = SqlFixture.h2();

  private dev.chorus.store.sql.SqlDatabase sql;

  @Override
  protected IdentityStore open(Vertx vertx) {
    sql = db.open(vertx);
    return new SqlIdentityStore(sql);
  }

  @Override
  protected dev.chorus.access.ApiKeys chatKeys() {
    return new dev.chorus.access.sql.SqlApiKeys(sql);
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
