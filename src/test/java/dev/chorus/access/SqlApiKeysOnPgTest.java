package dev.chorus.access;

import dev.chorus.access.sql.SqlApiKeys;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlApiKeysOnPgTest extends ApiKeysContract {

  private final SqlFixture db = SqlFixture.postgresql();

  @Override
  protected ApiKeys open(Vertx vertx) {
    return new SqlApiKeys(db.open(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
