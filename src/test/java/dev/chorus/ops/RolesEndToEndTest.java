package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles and instance counts decide what a process runs. */
class RolesEndToEndTest {

  @TempDir Path dataDir;
  Vertx client;
  Chorus chorus;

  @BeforeEach
  void setUp() {
    client = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    client.close().await();
    if (chorus != null) {
      chorus.stop().await();
    }
  }

  @Test
  void withoutTheIdentityRoleTheRequiredStepDeadLettersIntoTheLog() throws Exception {
    chorus =
        TestChorus.start(dataDir, Map.of("roles", "gateway,interactions,router,egress,community"));
    String id;
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("roles", "ivy", "!ping"));
      JsonObject ack = chat.next();
      assertEquals("ack", ack.getString("type"));
      id = ack.getString("id");
      assertNull(chat.poll(300), "no command stage, no reply");
    }
    List<Interaction> rows = List.of();
    for (int i = 0; i < 100 && rows.size() < 2; i++) {
      rows = chorus.port(InteractionLog.class).latest("roles", null, 10).await(5, TimeUnit.SECONDS);
      Thread.sleep(20);
    }
    Interaction dead =
        rows.stream()
            .filter(r -> r.kind() == Interaction.Kind.DEAD_LETTER)
            .findFirst()
            .orElseThrow();
    assertEquals(id, dead.inReplyTo());
    assertTrue(dead.text().startsWith("no stage identity"), dead.text());
    double counted =
        chorus
            .metrics()
            .registry()
            .get("chorus.dead.letters")
            .tag("reason", "no_handler")
            .counter()
            .count();
    assertEquals(1.0, counted);
  }

  @Test
  void severalInstancesOfEveryRoleStillAnswerEachSocket() throws Exception {
    Map<String, String> settings = new HashMap<>();
    for (String key :
        List.of(
            "http.instances",
            "log.instances",
            "router.instances",
            "identity.instances",
            "command.instances",
            "egress.instances")) {
      settings.put(key, "2");
    }
    chorus = TestChorus.start(dataDir, settings);
    List<ChatClient> chats = new ArrayList<>();
    try {
      for (int c = 0; c < 4; c++) {
        chats.add(ChatClient.connect(client, chorus.httpPort()));
      }
      for (int i = 0; i < 50; i++) {
        for (int c = 0; c < chats.size(); c++) {
          chats.get(c).send(ChatClient.message("multi", "user" + c, "!ping"));
        }
      }
      for (ChatClient chat : chats) {
        int acks = 0;
        int pongs = 0;
        while (acks < 50 || pongs < 50) {
          JsonObject frame = chat.next();
          if ("ack".equals(frame.getString("type"))) {
            acks++;
          } else {
            assertEquals("pong", frame.getString("text"), frame.encode());
            pongs++;
          }
        }
        assertNull(chat.poll(100), "every socket gets exactly its own replies");
      }
    } finally {
      chats.forEach(ChatClient::close);
    }
    assertEquals(
        200L,
        chorus
            .port(InteractionLog.class)
            .count("multi", Interaction.Kind.EVENT)
            .await(5, TimeUnit.SECONDS));
  }
}
