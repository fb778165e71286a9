package dev.chorus.testing;

import static dev.chorus.store.TestServices.await;

import dev.chorus.community.CommunityDirectoryVerticle;
import dev.chorus.community.CommunityStore;
import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Vertx;

/**
 * The real community directory for tests that deploy a collector without a whole process: creates
 * the communities in {@code db} and deploys the directory that the collectors' gates ask.
 */
public final class TestCommunities {

  private TestCommunities() {}

  public static CommunityStore deploy(Vertx vertx, SqlDatabase db, String... communities) {
    CommunityStore store = new SqlCommunityStore(db);
    for (String id : communities) {
      await(store.upsert(id, id));
    }
    await(vertx.deployVerticle(new CommunityDirectoryVerticle(store, 60_000)));
    return store;
  }
}
