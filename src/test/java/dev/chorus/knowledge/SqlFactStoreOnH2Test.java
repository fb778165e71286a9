package dev.chorus.knowledge;

import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;

class SqlFactStoreOnH2Test extends FactStoreContract {

  private final SqlFixture db = SqlFixture.h2();

  private dev.chorus.store.sql.SqlDatabase sql;

  @Override
  protected FactStore open(Vertx vertx) {
    sql = db.open(vertx);
    return new SqlFactStore(sql);
  }

  @Override
  protected FactStore openSecond(Vertx vertx) {
    return new SqlFactStore(db.openSecond(vertx));
  }

  @Override
  protected Runnable refuseBodiesContaining(String marker) {
    String constraint = "refuse_" + Math.abs(marker.hashCode());
    dev.chorus.store.TestServices.await(
        sql.pool()
            .query(
                "ALTER TABLE facts ADD CONSTRAINT "
                    + constraint
                    + " CHECK (body NOT LIKE '%"
                    + marker
                    + "%')")
            .execute());
    return () ->
        dev.chorus.store.TestServices.await(
            sql.pool().query("ALTER TABLE facts DROP CONSTRAINT " + constraint).execute());
  }

  @Override
  protected void cleanUp() {
    db.close();
  }
}
