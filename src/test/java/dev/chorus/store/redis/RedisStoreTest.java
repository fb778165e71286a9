package dev.chorus.store.redis;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis as a resource: readiness, failing fast, and its options. */
class RedisStoreTest {

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  @Test
  void answersPing() {
    RedisStore redis = await(RedisStore.open(vertx, TestServices.redis("readiness")));
    await(redis.check());
    await(redis.close());
  }

  @Test
  void failsFastNamingTheServerWithoutItsPassword() {
    Throwable failure =
        awaitFailure(
            RedisStore.open(vertx, new RedisOptions("redis://:hunter2@127.0.0.1:1", 1, "x")));
    assertTrue(failure.getMessage().contains("127.0.0.1:1"), failure.getMessage());
    assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
  }

  @Test
  void optionsAreValidatedAndNeverPrintThePassword() {
    assertFalse(new RedisOptions("redis://:pw@h:6379", 4, "c").toString().contains("pw@"));
    assertThrows(IllegalArgumentException.class, () -> new RedisOptions("http://h", 4, "c"));
    assertThrows(IllegalArgumentException.class, () -> new RedisOptions("redis://h", 0, "c"));
    assertThrows(IllegalArgumentException.class, () -> new RedisOptions("redis://h", 4, " "));
  }
}
