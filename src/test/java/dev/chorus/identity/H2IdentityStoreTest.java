package dev.chorus.identity;

import dev.chorus.identity.h2.H2IdentityStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Vertx;

class H2IdentityStoreTest extends IdentityStoreContract {

  private H2Database db;

  @Override
  protected IdentityStore open(Vertx vertx) {
    db = TestServices.openH2(vertx);
    return new H2IdentityStore(db, true);
  }

  @Override
  protected IdentityStore openSecond(Vertx vertx) {
    return new H2IdentityStore(TestServices.reopenH2(vertx, db), true);
  }
}
