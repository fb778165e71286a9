package dev.chorus.knowledge;

import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlFactStoreOnH2Test extends FactStoreContract {

  private final SqlFixture db = SqlFixture.h2();

  @Override
  protected FactStore open(Vertx vertx) {
    return new SqlFactStore(db.open(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
