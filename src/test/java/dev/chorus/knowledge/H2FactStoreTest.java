package dev.chorus.knowledge;

import dev.chorus.knowledge.h2.H2FactStore;
import dev.chorus.store.TestServices;
import io.vertx.core.Vertx;

class H2FactStoreTest extends FactStoreContract {

  @Override
  protected FactStore open(Vertx vertx) {
    return new H2FactStore(TestServices.openH2(vertx), true);
  }
}
