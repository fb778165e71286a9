package dev.chorus.store;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Ids;
import dev.chorus.identity.CachingIdentityStore;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.ops.config.Settings;
import dev.chorus.state.redis.RedisStateStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both profiles open every port, report readiness per store, and close. */
class StoreFactoryTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void clusterProfileUsesPostgresAndRedis() {
    String schema = TestServices.newSchema();
    try {
      ChorusConfig config =
          ChorusConfig.from(
              Settings.of(TestServices.clusterSettings(schema, TestServices.newKeyPrefix())));
      Stores stores = await(StoreFactory.open(vertx, config));
      assertEquals("cluster", stores.profile());
      assertEquals(List.of("postgres", "redis"), List.copyOf(stores.checks().keySet()));
      stores.checks().values().forEach(check -> await(check.get()));
      assertInstanceOf(PgInteractionLog.class, stores.interactions());
      assertInstanceOf(CachingIdentityStore.class, stores.identity());
      assertInstanceOf(RedisStateStore.class, stores.state());

      Instant now = Instant.now();
      Interaction row =
          new Interaction(
              Ids.next(),
              Interaction.Kind.EVENT,
              "chat.message",
              "demo",
              "web",
              "room",
              "u1",
              "Ann",
              "hi",
              null,
              now,
              "{}");
      assertEquals(java.util.Set.of(row.id()), await(stores.interactions().append(List.of(row))));
      assertEquals(
          "Ann", await(stores.identity().resolve("demo", "web", "u1", "ann", "Ann")).displayName());
      await(stores.communities().upsert("demo", "Demo"));
      assertEquals(1L, await(stores.commands().increment("demo", "c", 1)));
      assertTrue(await(stores.state().tryCooldown("demo", "k", Duration.ofSeconds(5))));
      assertTrue(
          await(((PgInteractionLog) stores.interactions()).partitions()).size() >= 4,
          "today and 3 ahead");
      await(stores.close());
    } finally {
      TestServices.dropSchema(schema);
    }
  }

  @Test
  void clusterProfileFailsFastNamingTheServer() {
    Map<String, String> settings =
        new HashMap<>(TestServices.clusterSettings(TestServices.newSchema(), "x"));
    settings.put("pg.url", "postgresql://postgres@127.0.0.1:1/test");
    settings.put("pg.connectTimeoutMs", "1000");
    Throwable failure =
        awaitFailure(StoreFactory.open(vertx, ChorusConfig.from(Settings.of(settings))));
    assertTrue(failure.getMessage().contains("127.0.0.1:1"), failure.getMessage());
  }

  @Test
  void embeddedProfileUsesH2AndProcessState(@TempDir Path dir) {
    ChorusConfig config = ChorusConfig.from(Settings.of(Map.of("data.dir", dir.toString())));
    Stores stores = await(StoreFactory.open(vertx, config));
    assertEquals("embedded", stores.profile());
    assertEquals(List.of("h2"), List.copyOf(stores.checks().keySet()));
    await(stores.checks().get("h2").get());
    await(stores.communities().upsert("demo", "Demo"));
    assertEquals(2L, await(stores.commands().increment("demo", "c", 2)));
    assertEquals(3L, await(stores.state().increment("demo", "c", 3)));
    await(stores.close());
  }
}
