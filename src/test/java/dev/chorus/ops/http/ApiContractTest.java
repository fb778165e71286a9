package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI check in front of routes mounted the usual way: valid requests reach the route (which
 * sees the body), invalid ones get 400 with the reason, undescribed ones 404 or 405.
 */
class ApiContractTest {

  static Vertx vertx;
  static HttpServer server;
  static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    ApiContract contract =
        ApiContract.load(vertx, "openapi/test-api.yaml").await(30, TimeUnit.SECONDS);
    Router router = Router.router(vertx);
    contract.mount(router);
    // Mounted as a module mounts it: no knowledge of the document.
    router
        .route("/api/v1/things/:name")
        .handler(
            ctx ->
                ctx.response()
                    .end(
                        new JsonObject()
                            .put("name", ctx.pathParam("name"))
                            .put("method", ctx.request().method().name())
                            .put("body", ctx.body().asString())
                            .encode()));
    router.route("/api/v1/hidden").handler(ctx -> ctx.response().end("served"));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static HttpResponse<Buffer> send(HttpMethod method, String uri, String body) throws Exception {
    var request = client.request(method, server.actualPort(), "127.0.0.1", uri);
    if (body == null) {
      return request.send().await(10, TimeUnit.SECONDS);
    }
    return request
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await(10, TimeUnit.SECONDS);
  }

  static void assertRefused(HttpResponse<Buffer> response, int status, String code, String hint) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(code, body.getString("error"));
    assertTrue(body.getString("message").toLowerCase().contains(hint), body.getString("message"));
  }

  @Test
  void aValidRequestReachesTheRouteWithItsBody() throws Exception {
    var got = send(HttpMethod.GET, "/api/v1/things/abc?limit=3", null);
    assertEquals(200, got.statusCode(), got.bodyAsString());
    assertEquals("abc", got.bodyAsJsonObject().getString("name"));
    var put = send(HttpMethod.PUT, "/api/v1/things/abc", "{\"text\":\"hi\",\"level\":\"viewer\"}");
    assertEquals(200, put.statusCode(), put.bodyAsString());
    assertEquals(
        new JsonObject().put("text", "hi").put("level", "viewer"),
        new JsonObject(put.bodyAsJsonObject().getString("body")));
  }

  @Test
  void parametersOutsideTheirSchemaAreRefusedWithTheReason() throws Exception {
    assertRefused(
        send(HttpMethod.GET, "/api/v1/things/abc?limit=99", null), 400, "invalid_request", "limit");
    assertRefused(
        send(HttpMethod.GET, "/api/v1/things/abc?limit=x", null), 400, "invalid_request", "limit");
    assertRefused(
        send(HttpMethod.GET, "/api/v1/things/ABC1", null), 400, "invalid_request", "name");
  }

  @Test
  void bodiesOutsideTheirSchemaAreRefusedWithTheReason() throws Exception {
    assertRefused(send(HttpMethod.PUT, "/api/v1/things/abc", "{}"), 400, "invalid_request", "text");
    assertRefused(
        send(HttpMethod.PUT, "/api/v1/things/abc", "{\"text\":\"hi\",\"level\":\"god\"}"),
        400,
        "invalid_request",
        "level");
    assertRefused(
        send(HttpMethod.PUT, "/api/v1/things/abc", "{\"text\":\"" + "x".repeat(21) + "\"}"),
        400,
        "invalid_request",
        "text");
    assertRefused(
        send(HttpMethod.PUT, "/api/v1/things/abc", "{\"text\":\"hi\",\"extra\":1}"),
        400,
        "invalid_request",
        "extra");
    assertRefused(
        send(HttpMethod.PUT, "/api/v1/things/abc", "{not json"), 400, "invalid_request", "");
    assertRefused(send(HttpMethod.PUT, "/api/v1/things/abc", null), 400, "invalid_request", "");
  }

  @Test
  void aHugeBodyIsRefusedBeforeItIsRead() throws Exception {
    String huge = "{\"text\":\"" + "x".repeat((int) ApiContract.MAX_BODY_BYTES) + "\"}";
    assertEquals(413, send(HttpMethod.PUT, "/api/v1/things/abc", huge).statusCode());
  }

  @Test
  void whatTheDocumentDoesNotDescribeIsNotServed() throws Exception {
    assertRefused(send(HttpMethod.GET, "/api/v1/hidden", null), 404, "not_documented", "hidden");
    assertRefused(
        send(HttpMethod.DELETE, "/api/v1/things/abc", null), 405, "method_not_allowed", "delete");
  }

  @Test
  void theRealDocumentLoads() throws Exception {
    ApiContract.load(vertx).await(30, TimeUnit.SECONDS);
    assertEquals("get_api_v1_journal", ApiContract.operationId("GET", "/api/v1/journal"));
  }
}
