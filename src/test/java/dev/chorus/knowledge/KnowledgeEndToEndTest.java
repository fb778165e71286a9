package dev.chorus.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole process: the knowledge role deployed by its module, its admin routes behind the admin
 * key, and {@code !ask} answered over web chat through the routing slip.
 */
class KnowledgeEndToEndTest {

  @TempDir Path dataDir;
  private Vertx client;
  private Chorus chorus;

  @BeforeEach
  void start() throws Exception {
    client = Vertx.vertx();
    chorus = TestChorus.start(dataDir, Map.of("knowledge.embedding.warmUp", "true"));
  }

  @AfterEach
  void stop() {
    client.close().await();
    chorus.stop().await();
  }

  @Test
  void aFactAddedThroughTheApiAnswersAChatQuestion() throws Exception {
    WebClient web = WebClient.create(client);
    String facts = "/api/v1/communities/demo/knowledge/facts";
    assertEquals(
        401,
        web.post(chorus.httpPort(), "127.0.0.1", facts)
            .sendJsonObject(new JsonObject().put("text", "x"))
            .await(10, TimeUnit.SECONDS)
            .statusCode(),
        "the admin key is required");
    var created =
        web.post(chorus.httpPort(), "127.0.0.1", facts)
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .sendJsonObject(new JsonObject().put("text", "The emotes were drawn by Pixelfox"))
            .await(30, TimeUnit.SECONDS);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String id = created.bodyAsJsonObject().getString("id");
    // The module registered its readiness check and its meters with the process.
    String index = null;
    for (int attempt = 0; attempt < 300 && !"UP".equals(index); attempt++) {
      var ready =
          web.get(chorus.httpPort(), "127.0.0.1", "/health/ready")
              .send()
              .await(10, TimeUnit.SECONDS);
      index = null;
      for (Object c : ready.bodyAsJsonObject().getJsonArray("checks")) {
        JsonObject check = (JsonObject) c;
        if (check.getString("name").equals("knowledge-index")) {
          index = check.getString("status");
        }
      }
      assertTrue(index != null, "a knowledge-index check: " + ready.bodyAsString());
      if (!"UP".equals(index)) {
        Thread.sleep(200);
      }
    }
    assertEquals("UP", index, "the index caught up with the store after start");
    String metrics =
        web.get(chorus.httpPort(), "127.0.0.1", "/metrics")
            .send()
            .await(10, TimeUnit.SECONDS)
            .bodyAsString();
    for (String meter :
        java.util.List.of(
            "chorus_knowledge_index_documents 1.0",
            "chorus_knowledge_index_segments ",
            "chorus_knowledge_feed_lag 0.0",
            "chorus_knowledge_embedding_queue ",
            "chorus_knowledge_embedding_refused_total ",
            "chorus_knowledge_rebuild_seconds_count{kind=\"rebuild\"} 1",
            "chorus_knowledge_search_degraded_total{reason=\"queue_full\"} ")) {
      assertTrue(metrics.contains(meter), meter + " in\n" + metrics);
    }
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      String answer = null;
      for (int attempt = 0;
          attempt < 50 && (answer == null || !answer.contains("Pixelfox"));
          attempt++) {
        chat.send(ChatClient.message("demo", "viewer", "!ask who drew the emotes?"));
        answer = chat.next("reply").getString("text");
        if (!answer.contains("Pixelfox")) {
          Thread.sleep(200); // the model may still be loading in this process
        }
      }
      assertTrue(
          answer.contains("Pixelfox") && answer.contains(id.substring(id.length() - 8)), answer);
      chat.send(ChatClient.message("demo", "viewer", "!ask how tall is the moon"));
      assertEquals("I know nothing about that.", chat.next("reply").getString("text"));
    }
  }
}
