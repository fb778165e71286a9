package dev.chorus.state;

import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.Vertx;

class InProcessStateStoreTest extends StateStoreContract {

  private InProcessStateStore shared;

  @Override
  protected StateStore open(Vertx vertx) {
    shared = new InProcessStateStore("test");
    return shared;
  }

  /** In one process, the "other instance" shares the same map. */
  @Override
  protected StateStore openSecond(Vertx vertx) {
    return shared;
  }
}
