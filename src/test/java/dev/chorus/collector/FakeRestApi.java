package dev.chorus.collector;

import static dev.chorus.store.TestServices.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A local HTTP peer standing in for a platform's REST API (Slack's Web API, Discord's REST API):
 * records every request with its arrival time and lets the test answer it; can answer the next
 * {@code n} requests with 429 and a {@code Retry-After}, as the platforms do when rate limited.
 */
public final class FakeRestApi implements AutoCloseable {

  /** One request received. */
  public record Request(
      long nanos, String method, String path, String authorization, JsonObject body) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger limited = new AtomicInteger();
  private volatile String retryAfter = "1";
  private volatile BiConsumer<Request, RoutingContext> answer;

  /**
   * @param answer writes the answer to a request that is not rate limited
   */
  public FakeRestApi(BiConsumer<Request, RoutingContext> answer) {
    this.answer = answer;
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.route().handler(this::handle);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  private void handle(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      ctx.response().setStatusCode(400).end("{\"ok\":false,\"error\":\"invalid_json\"}");
      return;
    }
    Request request =
        new Request(
            System.nanoTime(),
            ctx.request().method().name(),
            ctx.request().path(),
            ctx.request().getHeader("Authorization"),
            body);
    if (limited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      requests.add(request);
      ctx.response()
          .setStatusCode(429)
          .putHeader("Retry-After", retryAfter)
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put("ok", false)
                  .put("error", "ratelimited")
                  .put("message", "You are being rate limited.")
                  .put("retry_after", Double.parseDouble(retryAfter))
                  .put("global", false)
                  .encode());
      return;
    }
    requests.add(request);
    answer.accept(request, ctx);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next {@code n} requests are answered 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(int n, String seconds) {
    retryAfter = seconds;
    limited.set(n);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
