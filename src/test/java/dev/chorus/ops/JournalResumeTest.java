package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.router.RouteTable;
import dev.chorus.router.RouterVerticle;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal drives processing: an accepted event whose slip did not finish — no router, a restart
 * — is routed again until it is answered, or dead-lettered with the reason.
 */
class JournalResumeTest {

  private static final String NO_ROUTER = "gateway,interactions,identity,command,egress,community";

  @TempDir Path dataDir;
  private Vertx client;
  private Chorus chorus;

  @BeforeEach
  void setUp() {
    client = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (chorus != null) {
      chorus.stop().await(30, TimeUnit.SECONDS);
    }
    client.close().await();
  }

  private Chorus start(String roles, int attempts) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("roles", roles);
    // Without a router the gateway would refuse at once; these tests are about what the journal
    // does with events accepted while no router runs.
    settings.put("gateway.requireRouter", Boolean.toString(!NO_ROUTER.equals(roles)));
    settings.put("log.resumeAfterMs", "300");
    settings.put("log.resumeCheckMs", "100");
    settings.put("log.resumeAttempts", Integer.toString(attempts));
    return TestChorus.start(dataDir, settings);
  }

  @Test
  void anEventWhoseRouterIsGoneIsAnsweredOnceARouterIsBack() throws Exception {
    chorus = start(NO_ROUTER, 100);
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message("resume", "ann", "!ping"));
      String id = chat.next("ack").getString("id");
      assertNull(chat.poll(500), "no router: accepted, not answered yet");
      chorus
          .vertx()
          .deployVerticle(
              new RouterVerticle(
                  RouteTable.load(Path.of("conf/routes.yaml")), chorus.metrics(), 16, 100))
          .await(10, TimeUnit.SECONDS);
      JsonObject reply = chat.next("reply");
      assertEquals("pong", reply.getString("text"));
      assertEquals(id, reply.getString("inReplyTo"));
      assertNull(chat.poll(1000), "resumed more than once, answered once");
    }
    InteractionLog log = chorus.port(InteractionLog.class);
    awaitTrue(() -> log.unfinished().await() == 0, "the event finished");
    assertEquals(1L, log.count("resume", Interaction.Kind.REPLY).await());
  }

  @Test
  void anEventNobodyRoutesIsDeadLetteredWithTheReasonAfterItsAttempts() throws Exception {
    chorus = start(NO_ROUTER, 2);
    String id = ackedPing("stuck", "bob");
    InteractionLog log = chorus.port(InteractionLog.class);
    awaitTrue(() -> log.count("stuck", Interaction.Kind.DEAD_LETTER).await() == 1, "dead-lettered");
    Interaction dead = rows(log, "stuck", r -> r.kind() == Interaction.Kind.DEAD_LETTER).get(0);
    assertEquals(id, dead.inReplyTo());
    assertTrue(dead.text().startsWith("unfinished after 2 attempts"), dead.text());
    awaitTrue(() -> log.unfinished().await() == 0, "a dead letter is an outcome");
  }

  @Test
  void afterARestartTheEventsAcceptedBeforeItAreAnswered() throws Exception {
    chorus = start(NO_ROUTER, 100);
    String id = ackedPing("restart", "cy");
    chorus.stop().await(30, TimeUnit.SECONDS);
    chorus = start("all", 100);
    InteractionLog log = chorus.port(InteractionLog.class);
    awaitTrue(
        () -> !rows(log, "restart", r -> id.equals(r.inReplyTo())).isEmpty(),
        "the reply to the event accepted before the restart");
    Interaction reply = rows(log, "restart", r -> id.equals(r.inReplyTo())).get(0);
    assertEquals(Interaction.Kind.REPLY, reply.kind());
    assertEquals("pong", reply.text());
    awaitTrue(() -> log.unfinished().await() == 0, "nothing left unfinished");
  }

  @Test
  void aClientIdIsScopedToItsCommunityAndUser() throws Exception {
    chorus = start("all", 3);
    String clientId = java.util.UUID.randomUUID().toString();
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      for (String[] who : new String[][] {{"a", "dee"}, {"b", "dee"}, {"a", "eve"}}) {
        chat.send(ChatClient.message(who[0], who[1], "!ping").put("id", clientId));
        assertEquals(clientId, chat.next("ack").getString("id"));
        JsonObject reply = chat.next("reply");
        assertEquals(
            "pong", reply.getString("text"), "a new event, answered: " + String.join("/", who));
        assertEquals(clientId, reply.getString("inReplyTo"), "replies name the client's id");
      }
      chat.send(ChatClient.message("a", "dee", "!ping").put("id", clientId));
      assertEquals(clientId, chat.next("ack").getString("id"), "a resend is acknowledged");
      assertNull(chat.poll(500), "and not answered again");
    }
    InteractionLog log = chorus.port(InteractionLog.class);
    assertEquals(2L, log.count("a", Interaction.Kind.EVENT).await());
    assertEquals(1L, log.count("b", Interaction.Kind.EVENT).await());
  }

  private static List<Interaction> rows(
      InteractionLog log, String community, Predicate<Interaction> which) {
    return log.latest(community, null, 100).await().stream().filter(which).toList();
  }

  private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition, String what)
      throws Exception {
    for (int i = 0; i < 500; i++) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not within 10 s: " + what);
  }

  /** Sends one {@code !ping} on a connection of its own and returns the acknowledged id. */
  private String ackedPing(String community, String user) throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message(community, user, "!ping"));
      return chat.next("ack").getString("id");
    }
  }
}
