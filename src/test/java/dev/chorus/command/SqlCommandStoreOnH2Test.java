package dev.chorus.command;

import dev.chorus.command.sql.SqlCommandStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlCommandStoreOnH2Test extends CommandStoreContract {

  private final SqlFixture db = SqlFixture.h2();

  @Override
  protected CommandStore open(Vertx vertx) {
    return new SqlCommandStore(db.open(vertx));
  }

  @Override
  protected CommandStore openSecond(Vertx vertx) {
    return new SqlCommandStore(db.openSecond(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
