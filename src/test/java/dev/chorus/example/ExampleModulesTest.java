package dev.chorus.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage and a collector written in this package alone (plus this test's routes file) run in a
 * real Chorus process: no composition-root change, no central list edited. Two instances of the
 * collector joined to one platform see every message twice, and the deterministic ids make each one
 * event: one row, one reply.
 */
class ExampleModulesTest {

  @TempDir Path dataDir;
  private Vertx peer;
  private ExamplePlatform platform;
  private Chorus chorus;

  @BeforeEach
  void setUp() throws Exception {
    peer = Vertx.vertx();
    platform = new ExamplePlatform(peer);
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "router.routes", "src/test/resources/example/routes.yaml",
                "example.platformPort", String.valueOf(platform.port()),
                "example.instances", "2"),
            List.of(new EchoModule(), new ExampleCollectorModule()));
    for (int i = 0; i < 100 && platform.connected() < 2; i++) {
      Thread.sleep(20);
    }
    assertEquals(2, platform.connected(), "both collector instances joined");
  }

  @AfterEach
  void tearDown() throws Exception {
    chorus.stop().await(30, TimeUnit.SECONDS);
    platform.close();
    peer.close().await();
  }

  @Test
  void aMessageSeenByTwoCollectorInstancesIsOneEventAndOneReply() throws Exception {
    String message = message("m-1", "hello");
    platform.broadcast(message);
    JsonObject reply = new JsonObject(platform.poll(10_000));
    assertEquals("echo: hello (from ann)", reply.getString("text"), "the example stage ran");
    assertNull(platform.poll(500), "one reply, not one per collector instance");

    // the platform redelivers it (a reconnect): still the same event
    platform.broadcast(message);
    assertNull(platform.poll(500), "a redelivered message is not answered again");

    List<Interaction> rows = List.of();
    for (int i = 0; i < 100 && rows.size() < 2; i++) {
      rows = chorus.port(InteractionLog.class).latest("example", null, 10).await();
      Thread.sleep(20);
    }
    assertEquals(
        1, rows.stream().filter(r -> r.kind() == Interaction.Kind.EVENT).count(), rows.toString());
    Interaction event =
        rows.stream().filter(r -> r.kind() == Interaction.Kind.EVENT).findFirst().orElseThrow();
    assertEquals(reply.getString("inReplyTo"), event.id());
    assertTrue(
        rows.stream().anyMatch(r -> r.kind() == Interaction.Kind.REPLY), "the reply is logged");
  }

  @Test
  void differentMessagesAreDifferentEvents() throws Exception {
    platform.broadcast(message("m-2", "one"));
    platform.broadcast(message("m-3", "two"));
    List<String> texts = List.of(textOf(platform.poll(10_000)), textOf(platform.poll(10_000)));
    assertTrue(
        texts.containsAll(List.of("echo: one (from ann)", "echo: two (from ann)")),
        texts.toString());
    assertNull(platform.poll(500));
  }

  private static String textOf(String line) {
    return new JsonObject(line).getString("text");
  }

  private static String message(String id, String text) {
    return new JsonObject()
        .put("id", id)
        .put("channel", "lobby")
        .put("user", "ann")
        .put("text", text)
        .put("sentAt", 1_795_000_000_000L)
        .encode();
  }
}
