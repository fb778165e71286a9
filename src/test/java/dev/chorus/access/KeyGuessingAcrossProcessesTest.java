package dev.chorus.access;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.access.sql.SqlApiKeys;
import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.SqlFixture;
import dev.chorus.store.TestServices;
import dev.chorus.store.redis.RedisStore;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Refused bearer keys are counted in the shared state store: two processes (two Vert.x instances,
 * each with its own access role and cache) on one Redis add up one client's failures, so guessing
 * against both gains no more than against one; another address is not touched.
 */
class KeyGuessingAcrossProcessesTest {

  private static final int MAX = 6;

  private final String prefix = TestServices.newKeyPrefix();
  private final SqlFixture db = SqlFixture.h2();
  private Vertx first;
  private Vertx second;
  private RedisStore redisA;
  private RedisStore redisB;

  private AccessCache process(Vertx vertx, SqlDatabase sql, RedisStore redis) {
    ApiKeys keys = new SqlApiKeys(sql);
    Sessions sessions =
        new Sessions(new RedisStateStore(redis.client(), prefix), new SecureRandom());
    await(vertx.deployVerticle(new AccessVerticle(keys, sessions, null)));
    return AccessCache.shared(vertx);
  }

  @AfterEach
  void tearDown() {
    for (String key :
        await(redisA.client().send(Request.cmd(Command.KEYS).arg(prefix + ":*"))).stream()
            .map(Object::toString)
            .toList()) {
      await(redisA.client().send(Request.cmd(Command.DEL).arg(key)));
    }
    await(redisA.close());
    await(redisB.close());
    db.close();
    await(first.close());
    await(second.close());
  }

  @Test
  void failuresInTwoProcessesAddUp() {
    first = Vertx.vertx();
    second = Vertx.vertx();
    redisA = await(RedisStore.open(first, TestServices.redis(prefix)));
    redisB = await(RedisStore.open(second, TestServices.redis(prefix)));
    AccessCache a = process(first, db.open(first), redisA);
    AccessCache b = process(second, db.openSecond(second), redisB);
    String guesser = "198.51.100.7";
    for (int i = 1; i <= MAX / 2; i++) {
      assertEquals(i, (long) await(a.refused(guesser, MAX)));
    }
    for (int i = MAX / 2 + 1; i < MAX; i++) {
      assertEquals(i, (long) await(b.refused(guesser, MAX)), "the second process sees the first's");
    }
    assertEquals(0, a.blockedSeconds(guesser));
    assertEquals(0, b.blockedSeconds(guesser));
    // The failure that reaches the limit, in either process, blocks the address there.
    assertEquals(MAX, (long) await(b.refused(guesser, MAX)));
    long wait = b.blockedSeconds(guesser);
    assertTrue(wait > 0 && wait <= AccessCache.GUESS_WINDOW.toSeconds(), "retry after " + wait);
    // The other process blocks it at the first refusal it counts past the limit.
    assertEquals(0, a.blockedSeconds(guesser));
    await(a.refused(guesser, MAX));
    assertTrue(a.blockedSeconds(guesser) > 0);
    // Another client is counted apart.
    assertEquals(1, (long) await(a.refused("198.51.100.8", MAX)));
    assertEquals(0, a.blockedSeconds("198.51.100.8"));
  }
}
