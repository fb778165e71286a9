package dev.chorus.access;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.chorus.access.sql.SqlApiKeys;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process's cache of access verdicts in front of the real access role and key store: a
 * revocation this process did not hear of (the {@code keys} command, a lost notice) ends with the
 * entry's life, a change notice at once; with no access role the check fails instead of guessing.
 */
class AccessCacheTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SqlFixture db = SqlFixture.h2();
  private final AtomicLong nanos = new AtomicLong();
  private Vertx vertx;
  private ApiKeys keys;
  private AccessCache cache;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    keys = new SqlApiKeys(db.open(vertx));
    Sessions sessions = new Sessions(new InProcessStateStore("test"), RANDOM);
    await(vertx.deployVerticle(new AccessVerticle(keys, sessions, "bootstrap-key-0123456789")));
    Ticker ticker = nanos::get;
    cache = new AccessCache(vertx, ticker);
    await(cache.listen());
  }

  @AfterEach
  void tearDown() {
    db.close();
    await(vertx.close());
  }

  private ApiKeys.Issued issue() {
    return await(keys.issue(Scope.MODERATOR, "demo", "t", RANDOM, Instant.now()));
  }

  @Test
  void aRevocationNobodyAnnouncedEndsWithTheEntrysLife() {
    ApiKeys.Issued issued = issue();
    Principal p = await(cache.key(issued.secret())).orElseThrow();
    assertEquals(Scope.MODERATOR, p.scope());
    assertEquals("demo", p.community());
    await(keys.revoke(issued.key().id(), Instant.now()));
    // Still remembered: the bound is the entry's life, not zero.
    assertTrue(await(cache.key(issued.secret())).isPresent());
    nanos.addAndGet(AccessCache.TTL.toNanos() + 1);
    assertEquals(Optional.empty(), await(cache.key(issued.secret())));
  }

  @Test
  void aChangeNoticeEvictsAtOnce() throws Exception {
    ApiKeys.Issued issued = issue();
    assertTrue(await(cache.key(issued.secret())).isPresent());
    await(keys.revoke(issued.key().id(), Instant.now()));
    // As another process's revocation arrives: published on the bus.
    vertx.eventBus().publish(AccessCache.CHANGED, new JsonObject().put("key", issued.key().id()));
    Optional<Principal> verdict = Optional.empty();
    for (int i = 0; i < 500; i++) {
      verdict = await(cache.key(issued.secret()));
      if (verdict.isEmpty()) {
        break;
      }
      Thread.sleep(10);
    }
    assertEquals(Optional.empty(), verdict, "evicted by the notice, long before the entry expired");
  }

  @Test
  void unknownKeysAndTheConfiguredKeyAreAnsweredByTheRole() {
    assertEquals(Optional.empty(), await(cache.key(ApiKeys.newSecret(RANDOM))));
    Principal admin = await(cache.key("bootstrap-key-0123456789")).orElseThrow();
    assertEquals(Scope.ADMIN, admin.scope());
    assertEquals(Principal.BOOTSTRAP, admin.keyId());
  }

  @Test
  void withoutTheAccessRoleTheCheckFailsRatherThanGuesses() {
    Vertx alone = Vertx.vertx();
    try {
      Throwable failure =
          awaitFailure(
              new AccessCache(alone, Ticker.systemTicker()).key(ApiKeys.newSecret(RANDOM)));
      assertTrue(failure instanceof ReplyException, String.valueOf(failure));
    } finally {
      await(alone.close());
    }
  }
}
