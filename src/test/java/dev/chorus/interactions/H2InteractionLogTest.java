package dev.chorus.interactions;

import static dev.chorus.store.TestServices.await;

import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Vertx;

class H2InteractionLogTest extends InteractionLogContract {

  private H2Database db;

  @Override
  protected InteractionLog open(Vertx vertx) {
    db = TestServices.openH2(vertx);
    return new H2InteractionLog(db);
  }

  @Override
  protected void cleanUp() {
    await(db.close());
  }
}
