package dev.chorus.access;

import dev.chorus.access.sql.SqlApiKeys;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlApiKeysOnH2Test extends ApiKeysContract {

  private final SqlFixture db = SqlFixture.h2();

  @Override
  protected ApiKeys open(Vertx vertx) {
    return new SqlApiKeys(db.open(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
