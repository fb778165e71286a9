package dev.chorus.community;

import dev.chorus.community.h2.H2CommunityStore;
import dev.chorus.store.TestServices;
import io.vertx.core.Vertx;

class H2CommunityStoreTest extends CommunityStoreContract {

  @Override
  protected CommunityStore open(Vertx vertx) {
    return new H2CommunityStore(TestServices.openH2(vertx), true);
  }
}
