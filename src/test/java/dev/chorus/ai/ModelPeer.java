package dev.chorus.ai;

import static dev.chorus.store.TestServices.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP peer speaking the two model APIs the AI stage uses: OpenAI's chat completions
 * ({@code POST /v1/chat/completions}) and Ollama's chat ({@code POST /api/chat}). It records every
 * request as received (path, headers, JSON body) and answers from a script: a status, a reply text,
 * or silence (to test timeouts). Runs on its own Vert.x, on a free port.
 */
final class ModelPeer implements AutoCloseable {

  /** One scripted answer. */
  record Answer(int status, String text, boolean silent, boolean usage) {
    static Answer reply(String text) {
      return new Answer(200, text, false, true);
    }

    /** A reply without the provider's token counts (the stage must estimate them). */
    static Answer replyWithoutUsage(String text) {
      return new Answer(200, text, false, false);
    }

    static Answer status(int status) {
      return new Answer(status, null, false, true);
    }

    static Answer silence() {
      return new Answer(0, null, true, true);
    }
  }

  /** One request as the peer saw it. */
  record Seen(String path, String authorization, JsonObject body) {
    JsonArray messages() {
      return body.getJsonArray("messages");
    }

    String message(int i, String field) {
      return messages().getJsonObject(i).getString(field);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Answer otherwise = Answer.reply("hello!");

  ModelPeer() {
    server =
        await(
            vertx
                .createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                buf -> {
                                  JsonObject body = buf.toJsonObject();
                                  seen.add(
                                      new Seen(req.path(), req.getHeader("Authorization"), body));
                                  Answer a = script.poll();
                                  a = a == null ? otherwise : a;
                                  if (a.silent()) {
                                    // Answers nothing: the client's timeout must fire. The
                                    // connection is dropped later so it cannot stall the next test.
                                    vertx.setTimer(3000, t -> req.connection().close());
                                    return;
                                  }
                                  if (a.status() != 200) {
                                    req.response()
                                        .setStatusCode(a.status())
                                        .putHeader("Content-Type", "application/json")
                                        .end(
                                            new JsonObject()
                                                .put(
                                                    "error",
                                                    new JsonObject()
                                                        .put("message", "scripted " + a.status())
                                                        .put("type", "test"))
                                                .encode());
                                    return;
                                  }
                                  req.response()
                                      .putHeader("Content-Type", "application/json")
                                      .end(
                                          req.path().startsWith("/api/chat")
                                              ? ollama(body, a.text())
                                              : openAi(body, a.text(), a.usage()));
                                }))
                .listen(0, "127.0.0.1"));
  }

  int port() {
    return server.actualPort();
  }

  void then(Answer... answers) {
    script.addAll(List.of(answers));
  }

  void otherwise(Answer answer) {
    otherwise = answer;
  }

  void reset() {
    seen.clear();
    script.clear();
    otherwise = Answer.reply("hello!");
  }

  private static String openAi(JsonObject request, String text, boolean usage) {
    JsonObject answer =
        new JsonObject()
            .put("id", "chatcmpl-test")
            .put("object", "chat.completion")
            .put("created", 1_700_000_000)
            .put("model", request.getString("model"))
            .put(
                "choices",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("index", 0)
                            .put(
                                "message",
                                new JsonObject().put("role", "assistant").put("content", text))
                            .put("finish_reason", "stop")));
    if (usage) {
      answer.put(
          "usage",
          new JsonObject()
              .put("prompt_tokens", 60)
              .put("completion_tokens", 10)
              .put("total_tokens", 70));
    }
    return answer.encode();
  }

  private static String ollama(JsonObject request, String text) {
    return new JsonObject()
        .put("model", request.getString("model"))
        .put("created_at", "2026-12-01T12:00:00Z")
        .put("message", new JsonObject().put("role", "assistant").put("content", text))
        .put("done", true)
        .put("done_reason", "stop")
        .put("prompt_eval_count", 40)
        .put("eval_count", 9)
        .encode();
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
