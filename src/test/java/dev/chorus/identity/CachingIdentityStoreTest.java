package dev.chorus.identity;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.store.Races;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The caching decorator passes the identity contract, serves repeats from memory, and keeps other
 * processes' caches coherent through {@code chorus.changed.identity}. Several decorators on one
 * Vert.x instance stand for several processes on a clustered event bus.
 */
class CachingIdentityStoreTest extends PeopleStoreContract {

  private H2Database db;
  private final AtomicInteger storeCalls = new AtomicInteger();

  /** Counts calls that reach the real store. */
  private final class Counting extends ForwardingIdentityStore {

    Counting(IdentityStore inner) {
      super(inner);
    }

    @Override
    public Future<Person> resolve(String c, String p, String u, String login, String name) {
      storeCalls.incrementAndGet();
      return inner.resolve(c, p, u, login, name);
    }

    @Override
    public Future<Optional<Person>> find(String c, String p, String u) {
      storeCalls.incrementAndGet();
      return inner.find(c, p, u);
    }
  }

  private CachingIdentityStore cached(Vertx vertx, IdentityStore inner) {
    CachingIdentityStore store =
        new CachingIdentityStore(
            new Counting(inner), vertx.eventBus(), 1000, Duration.ofMinutes(10));
    await(store.ready());
    return store;
  }

  @Override
  protected IdentityStore open(Vertx vertx) {
    db = TestServices.openH2(vertx);
    return cached(vertx, new SqlIdentityStore(db.sql()));
  }

  @Override
  protected dev.chorus.access.ApiKeys chatKeys() {
    return new dev.chorus.access.sql.SqlApiKeys(db.sql());
  }

  @Override
  protected IdentityStore openSecond(Vertx vertx) {
    return cached(vertx, new SqlIdentityStore(db.sql()));
  }

  @Override
  protected void cleanUp() {
    await(((CachingIdentityStore) store).close());
    await(((CachingIdentityStore) other).close());
    await(db.close());
  }

  @Test
  void repeatsAreServedFromMemory() {
    CachingIdentityStore a = cached(vertx, new SqlIdentityStore(db.sql()));
    Person bob = await(a.resolve(community, "twitch", "1", "bob", "Bob"));
    int calls = storeCalls.get();
    for (int i = 0; i < 5; i++) {
      assertEquals(bob, await(a.resolve(community, "twitch", "1", "bob", "Bob")));
      assertEquals(Optional.of(bob), await(a.find(community, "twitch", "1")));
    }
    assertEquals(calls, storeCalls.get(), "no store calls for repeats");
    await(a.close());
  }

  @Test
  void aRenameInOneProcessEvictsTheOthers() {
    CachingIdentityStore a = cached(vertx, new SqlIdentityStore(db.sql()));
    CachingIdentityStore b = cached(vertx, new SqlIdentityStore(db.sql()));
    CachingIdentityStore cold = cached(vertx, new SqlIdentityStore(db.sql()));
    await(a.resolve(community, "twitch", "1", "bob", "Bob"));
    assertEquals("Bob", await(b.resolve(community, "twitch", "1", "bob", "Bob")).displayName());

    await(a.resolve(community, "twitch", "1", "robert", "Robert"));
    Races.eventually(
        () -> await(b.find(community, "twitch", "1")).orElseThrow().displayName().equals("Robert"),
        "b evicted after a's rename");

    // A process that never cached the account still publishes the rename it makes.
    await(cold.resolve(community, "twitch", "1", "bobby", "Bobby"));
    Races.eventually(
        () ->
            await(a.find(community, "twitch", "1")).orElseThrow().displayName().equals("Bobby")
                && await(b.find(community, "twitch", "1"))
                    .orElseThrow()
                    .displayName()
                    .equals("Bobby"),
        "a and b evicted");
    await(a.close());
    await(b.close());
    await(cold.close());
  }
}
