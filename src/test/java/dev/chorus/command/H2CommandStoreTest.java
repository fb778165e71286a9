package dev.chorus.command;

import dev.chorus.command.h2.H2CommandStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Vertx;

class H2CommandStoreTest extends CommandStoreContract {

  private H2Database db;

  @Override
  protected CommandStore open(Vertx vertx) {
    db = TestServices.openH2(vertx);
    return new H2CommandStore(db, true);
  }

  @Override
  protected CommandStore openSecond(Vertx vertx) {
    return new H2CommandStore(TestServices.reopenH2(vertx, db), true);
  }
}
