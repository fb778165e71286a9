package dev.chorus.knowledge;

import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlFactStoreOnPgTest extends FactStoreContract {

  private final SqlFixture db = SqlFixture.postgresql();

  @Override
  protected FactStore open(Vertx vertx) {
    return new SqlFactStore(db.open(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
