package dev.chorus.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/** A small client of the admin API of a test process (the test admin key unless told). */
public final class AdminClient implements AutoCloseable {

  private final WebClient web;
  private final int port;

  public AdminClient(Vertx vertx, int port) {
    this.web = WebClient.create(vertx);
    this.port = port;
  }

  /** Sends {@code body} (a JSON value or raw text; null: none) with the test admin key. */
  public HttpResponse<Buffer> call(HttpMethod method, String path, Object body) {
    return call(method, path, body, TestChorus.ADMIN_KEY);
  }

  public HttpResponse<Buffer> call(HttpMethod method, String path, Object body, String key) {
    HttpRequest<Buffer> request = web.request(method, port, "127.0.0.1", path);
    if (key != null) {
      request.bearerTokenAuthentication(key);
    }
    var sent =
        body == null
            ? request.send()
            : request
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    body instanceof String s
                        ? Buffer.buffer(s)
                        : Buffer.buffer(io.vertx.core.json.Json.encode(body)));
    try {
      return sent.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(method + " " + path + " did not answer", e);
    }
  }

  /**
   * Every interaction row of {@code community}, newest first, read a page of {@code pageSize} at a
   * time by following {@code next} (bounded: at most 1,000 pages).
   */
  public java.util.List<JsonObject> interactions(String community, int pageSize) {
    java.util.List<JsonObject> rows = new java.util.ArrayList<>();
    String next = null;
    for (int page = 0; page < 1_000; page++) {
      String path =
          "/api/v1/communities/"
              + community
              + "/interactions?limit="
              + pageSize
              + (next == null ? "" : "&before=" + next);
      JsonObject body = expect(200, HttpMethod.GET, path, null);
      body.getJsonArray("items").forEach(item -> rows.add((JsonObject) item));
      next = body.getString("next");
      if (next == null) {
        return rows;
      }
    }
    throw new AssertionError("more than 1,000 pages of interactions in " + community);
  }

  /** The JSON body of a call that must answer {@code status}. */
  public JsonObject expect(int status, HttpMethod method, String path, Object body) {
    HttpResponse<Buffer> response = call(method, path, body);
    if (response.statusCode() != status) {
      throw new AssertionError(
          method
              + " "
              + path
              + ": expected "
              + status
              + ", got "
              + response.statusCode()
              + " "
              + response.bodyAsString());
    }
    return response.body() == null || response.body().length() == 0
        ? new JsonObject()
        : response.bodyAsJsonObject();
  }

  @Override
  public void close() {
    web.close();
  }
}
