package dev.chorus.ops;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.command.CommandStore;
import dev.chorus.community.CommunityStore;
import dev.chorus.event.Ids;
import dev.chorus.identity.CachingIdentityStore;
import dev.chorus.identity.IdentityStore;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.knowledge.FactStore;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.state.StateStore;
import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.TestServices;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both profiles bind every port, report readiness per resource, close — and open only what the
 * requested ports need.
 */
class PortsTest {

  private static final Set<Class<?>> ALL =
      Set.of(
          InteractionLog.class,
          IdentityStore.class,
          CommunityStore.class,
          CommandStore.class,
          FactStore.class,
          StateStore.class);

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private static ChorusConfig config(Map<String, String> settings) {
    return ChorusConfig.of(settings, Modules.discovered());
  }

  @Test
  void clusterProfileUsesPostgresAndRedis() {
    String schema = TestServices.newSchema();
    try {
      ChorusConfig config =
          config(TestServices.clusterSettings(schema, TestServices.newKeyPrefix()));
      Ports ports = await(Ports.open(vertx, config, ALL));
      Readiness readiness = new Readiness();
      ports.registerReadiness(readiness);
      assertEquals("cluster", ports.profile());
      assertEquals(List.of("redis", "postgres"), readiness.names());
      readiness.checks().values().forEach(check -> await(check.get()));
      assertInstanceOf(PgInteractionLog.class, ports.get(InteractionLog.class));
      assertInstanceOf(CachingIdentityStore.class, ports.get(IdentityStore.class));
      assertInstanceOf(RedisStateStore.class, ports.get(StateStore.class));

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
              Instant.now(),
              "{}");
      InteractionLog log = ports.get(InteractionLog.class);
      assertEquals(Set.of(row.id()), await(log.append(List.of(row))));
      assertEquals(
          "Ann",
          await(ports.get(IdentityStore.class).resolve("demo", "web", "u1", "ann", "Ann"))
              .displayName());
      await(ports.get(CommunityStore.class).upsert("demo", "Demo"));
      assertEquals(1L, await(ports.get(CommandStore.class).increment("demo", "c", 1)));
      assertTrue(
          await(ports.get(StateStore.class).tryCooldown("demo", "k", Duration.ofSeconds(5))));
      assertTrue(await(((PgInteractionLog) log).partitions()).size() >= 4, "today and 3 ahead");
      await(ports.close());
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
    Throwable failure = awaitFailure(Ports.open(vertx, config(settings), ALL));
    assertTrue(failure.getMessage().contains("127.0.0.1:1"), failure.getMessage());
  }

  @Test
  void aProcessWhoseRolesNeedNoStoreOpensNone() {
    Map<String, String> settings =
        new HashMap<>(TestServices.clusterSettings(TestServices.newSchema(), "x"));
    // Neither server exists: opening either would fail.
    settings.put("pg.url", "postgresql://postgres@127.0.0.1:1/test");
    settings.put("redis.url", "redis://127.0.0.1:1");
    Ports ports = await(Ports.open(vertx, config(settings), Set.of()));
    Readiness readiness = new Readiness();
    ports.registerReadiness(readiness);
    assertEquals(List.of(), readiness.names());
    assertFalse(ports.has(InteractionLog.class));
    assertThrows(IllegalStateException.class, () -> ports.get(InteractionLog.class));
    await(ports.close());
  }

  @Test
  void embeddedProfileUsesH2AndProcessState(@TempDir Path dir) {
    Ports ports = await(Ports.open(vertx, config(Map.of("data.dir", dir.toString())), ALL));
    Readiness readiness = new Readiness();
    ports.registerReadiness(readiness);
    assertEquals("embedded", ports.profile());
    assertEquals(List.of("h2"), readiness.names());
    await(readiness.checks().get("h2").get());
    await(ports.get(CommunityStore.class).upsert("demo", "Demo"));
    assertEquals(2L, await(ports.get(CommandStore.class).increment("demo", "c", 2)));
    assertEquals(3L, await(ports.get(StateStore.class).increment("demo", "c", 3)));
    await(ports.close());
  }

  @Test
  void stateAloneOpensNoDatabase(@TempDir Path dir) {
    Ports ports =
        await(
            Ports.open(
                vertx, config(Map.of("data.dir", dir.toString())), Set.of(StateStore.class)));
    assertTrue(ports.has(StateStore.class));
    assertFalse(Files.exists(dir.resolve("chorus.mv.db")), "no H2 file was created");
    await(ports.close());
  }
}
