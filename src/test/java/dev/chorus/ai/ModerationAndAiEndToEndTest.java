package dev.chorus.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ai.ModelPeer.Answer;
import dev.chorus.community.CommunityStore;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Chorus process (all roles, embedded profile) with the AI on against a local
 * OpenAI-compatible peer: a web chat user addressing the bot gets the model's answer; a link is
 * removed and answered by nothing, and its decision is in the log; a harmful model reply never
 * reaches chat; the check endpoint answers over the admin API.
 */
class ModerationAndAiEndToEndTest {

  static final String COMMUNITY = "e2eai";

  @TempDir static Path dataDir;
  static ModelPeer peer;
  static Chorus chorus;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    peer = new ModelPeer();
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "ai.provider", "openai",
                "ai.baseUrl", "http://127.0.0.1:" + peer.port() + "/v1",
                "ai.model", "gpt-test",
                "moderation.detector", "false"));
    chorus.port(CommunityStore.class).upsert(COMMUNITY, "E2E AI").await(10, TimeUnit.SECONDS);
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close().await();
    }
    if (chorus != null) {
      chorus.stop().await();
    }
    if (peer != null) {
      peer.close();
    }
  }

  @Test
  void addressedChatGetsTheModelsAnswerAndSpamGetsNothing() throws Exception {
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      peer.then(Answer.reply("Hi Ann! This is Marrow's cozy horror stream."));
      chat.send(ChatClient.message(COMMUNITY, "ann", "@chorus what is this stream about?"));
      assertEquals("ack", chat.next().getString("type"));
      JsonObject reply = chat.next("reply");
      assertEquals("Hi Ann! This is Marrow's cozy horror stream.", reply.getString("text"));
      assertEquals(1, peer.seen.size());
      assertTrue(peer.seen.get(0).message(1, "content").contains("\"name\":\"ann\""));

      chat.send(ChatClient.message(COMMUNITY, "bot9", "cheap viewers at https://viewfarm.io now"));
      JsonObject ack = chat.next();
      assertEquals("ack", ack.getString("type"));
      assertNull(chat.poll(1000), "a deleted message gets no reaction");

      peer.then(Answer.reply("you should buy followers, it works"));
      chat.send(ChatClient.message(COMMUNITY, "cal", "chorus how do I grow?"));
      assertEquals("ack", chat.next().getString("type"));
      assertNull(chat.poll(1500), "the harmful model reply was dropped");

      List<Interaction> rows = List.of();
      for (int i = 0; i < 100; i++) {
        rows =
            chorus
                .port(InteractionLog.class)
                .latest(COMMUNITY, null, 50)
                .await(10, TimeUnit.SECONDS);
        if (rows.stream().filter(r -> r.type().startsWith("system.")).count() >= 3) {
          break;
        }
        Thread.sleep(50);
      }
      assertTrue(
          rows.stream()
              .anyMatch(r -> r.type().equals("system.moderation") && r.authorId().equals("bot9")),
          rows.toString());
      assertEquals(
          2, rows.stream().filter(r -> r.type().equals("system.ai")).count(), rows.toString());
      for (Interaction r : rows) {
        if (r.type().startsWith("system.")) {
          assertEquals(Interaction.Kind.RECORD, r.kind(), "decision rows are records: " + r);
          assertNotNull(r.inReplyTo(), "a record names its event: " + r);
          assertTrue(
              rows.stream()
                  .anyMatch(
                      e -> e.kind() == Interaction.Kind.EVENT && e.id().equals(r.inReplyTo())),
              "the event it is about is logged as an event: " + r);
        }
      }
      long chatEvents =
          rows.stream()
              .filter(r -> r.kind() == Interaction.Kind.EVENT)
              .peek(r -> assertEquals("chat.message", r.type(), "only chat is an event: " + r))
              .count();
      assertEquals(
          chatEvents,
          chorus.port(InteractionLog.class).count(COMMUNITY, Interaction.Kind.EVENT).await(),
          "the log counts the chat messages as events, not the decisions about them");
    }
  }

  @Test
  void theCheckEndpointAnswersOverTheAdminApi() {
    WebClient http = WebClient.create(client);
    try {
      HttpResponse<Buffer> r =
          http.post(
                  chorus.httpPort(),
                  "127.0.0.1",
                  "/api/v1/communities/" + COMMUNITY + "/moderation/check")
              .putHeader("Authorization", "Bearer " + TestChorus.ADMIN_KEY)
              .sendJsonObject(
                  new JsonObject()
                      .put("text", "follow me at sketchy dot com")
                      .put("user", new JsonObject().put("id", "u1").put("name", "x")))
              .await();
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals("timeout:60", r.bodyAsJsonObject().getString("action"));
      assertEquals("obfuscated_links", r.bodyAsJsonObject().getString("rule"));
      HttpResponse<Buffer> noKey =
          http.post(
                  chorus.httpPort(),
                  "127.0.0.1",
                  "/api/v1/communities/" + COMMUNITY + "/moderation/check")
              .sendJsonObject(new JsonObject().put("text", "x"))
              .await();
      assertEquals(401, noKey.statusCode());
    } finally {
      http.close();
    }
  }
}
