package dev.chorus.overlay;

import dev.chorus.overlay.sql.SqlOverlayTokens;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlOverlayTokensOnPgTest extends OverlayTokensContract {

  private final SqlFixture db = SqlFixture.postgresql();

  @Override
  protected OverlayTokens open(Vertx vertx) {
    return new SqlOverlayTokens(db.open(vertx));
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
