package dev.chorus.collector.twitch.token;

import dev.chorus.store.SqlFixture;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Vertx;

class SqlTwitchTokensOnH2Test extends TwitchTokensContract {

  private final SqlFixture fixture = SqlFixture.h2();

  @Override
  protected SqlDatabase database(Vertx vertx) {
    return fixture.open(vertx);
  }

  @Override
  protected void cleanUp() {
    fixture.close();
  }
}
