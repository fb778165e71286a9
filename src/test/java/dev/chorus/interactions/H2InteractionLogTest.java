package dev.chorus.interactions;

import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.store.TestServices;
import io.vertx.core.Vertx;

class H2InteractionLogTest extends InteractionLogContract {

  @Override
  protected InteractionLog open(Vertx vertx) {
    return new H2InteractionLog(TestServices.openH2(vertx), true);
  }
}
