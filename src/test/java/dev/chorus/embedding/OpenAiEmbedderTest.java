package dev.chorus.embedding;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.openai.OpenAiEmbedder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LangChain4j OpenAI client against a local peer that speaks the embeddings API ({@code POST
 * /v1/embeddings}): what is sent, what comes back, and what a broken provider does.
 */
class OpenAiEmbedderTest {

  private Vertx vertx;
  private HttpServer server;
  private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
  private final List<String> auth = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private volatile int served = 4;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  if (!req.path().equals("/v1/embeddings")) {
                                    req.response().setStatusCode(404).end();
                                    return;
                                  }
                                  JsonObject in = body.toJsonObject();
                                  requests.add(in);
                                  auth.add(req.getHeader("Authorization"));
                                  if (status.get() != 200) {
                                    req.response()
                                        .setStatusCode(status.get())
                                        .putHeader("Content-Type", "application/json")
                                        .end(
                                            "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
                                    return;
                                  }
                                  JsonArray data = new JsonArray();
                                  JsonArray input = in.getJsonArray("input");
                                  for (int i = 0; i < input.size(); i++) {
                                    JsonArray v = new JsonArray();
                                    String text = input.getString(i);
                                    for (int d = 0; d < served; d++) {
                                      v.add(d == text.length() % served ? 3.0 : 0.0);
                                    }
                                    data.add(
                                        new JsonObject()
                                            .put("object", "embedding")
                                            .put("index", i)
                                            .put("embedding", v));
                                  }
                                  req.response()
                                      .putHeader("Content-Type", "application/json")
                                      .end(
                                          new JsonObject()
                                              .put("object", "list")
                                              .put("data", data)
                                              .put("model", in.getString("model"))
                                              .put(
                                                  "usage",
                                                  new JsonObject()
                                                      .put("prompt_tokens", 3)
                                                      .put("total_tokens", 3))
                                              .encode());
                                }))
                .listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private OpenAiEmbedder embedder() {
    return new OpenAiEmbedder(
        new OpenAiEmbedder.Settings(
            "http://127.0.0.1:" + server.actualPort() + "/v1",
            "sk-test",
            "tiny-embed",
            4,
            Duration.ofSeconds(5)));
  }

  @Test
  void sendsTheModelAndTextsAndNormalizesWhatComesBack() {
    OpenAiEmbedder e = embedder();
    float[] v = e.embed("abcde");
    assertEquals(4, v.length);
    assertEquals(1.0, Vectors.dot(v, v), 1e-6, "scaled to unit length");
    assertEquals(1.0f, v[1], 1e-6);
    JsonObject sent = requests.get(0);
    assertEquals("tiny-embed", sent.getString("model"));
    assertEquals(4, sent.getInteger("dimensions"));
    assertEquals("Bearer sk-test", auth.get(0));
    List<float[]> batch = e.embedAll(List.of("a", "bb", "ccc"));
    assertEquals(3, batch.size());
    assertEquals(1.0f, batch.get(2)[3], 1e-6);
    assertEquals(List.of("a", "bb", "ccc"), requests.get(1).getJsonArray("input").getList());
    assertTrue(e.modelId().contains("tiny-embed") && e.modelId().endsWith("/4"));
  }

  @Test
  void aProviderThatFailsOrAnswersTheWrongSizeIsAnError() {
    OpenAiEmbedder e = embedder();
    status.set(500);
    assertThrows(RuntimeException.class, () -> e.embed("x"));
    status.set(200);
    served = 8;
    IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> e.embed("x"));
    assertTrue(wrong.getMessage().contains("8 dimensions"), wrong.getMessage());
  }

  @Test
  void aLazyEmbedderLoadsOnFirstUseOnly() {
    AtomicInteger loads = new AtomicInteger();
    LazyEmbedder lazy =
        new LazyEmbedder(
            "test/1",
            4,
            () -> {
              loads.incrementAndGet();
              return embedder();
            });
    assertEquals("test/1", lazy.modelId());
    assertEquals(0, loads.get());
    lazy.embed("x");
    lazy.embed("y");
    assertEquals(1, loads.get());
    LazyEmbedder mismatched = new LazyEmbedder("test/2", 5, this::embedder);
    assertThrows(IllegalStateException.class, () -> mismatched.embed("x"));
  }
}
