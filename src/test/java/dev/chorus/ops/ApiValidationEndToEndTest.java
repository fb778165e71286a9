package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API of a whole process is held to {@code /api/v1/openapi.yaml}. */
class ApiValidationEndToEndTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir);
    client = Vertx.vertx();
    http = WebClient.create(client);
  }

  @AfterAll
  static void stop() {
    client.close().await();
    chorus.stop().await();
  }

  static HttpResponse<Buffer> call(HttpMethod method, String uri, boolean key) throws Exception {
    var request = http.request(method, chorus.httpPort(), "127.0.0.1", uri);
    if (key) {
      request.bearerTokenAuthentication(TestChorus.ADMIN_KEY);
    }
    return request.send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theDocumentIsServedWithoutAKey() throws Exception {
    var doc = call(HttpMethod.GET, "/api/v1/openapi.yaml", false);
    assertEquals(200, doc.statusCode());
    assertTrue(doc.bodyAsString().contains("/api/v1/communities/{community}/overlay/token"));
  }

  @Test
  void requestsOutsideTheSchemaGet400WithTheReason() throws Exception {
    var tooMany = call(HttpMethod.GET, "/api/v1/communities/demo/interactions?limit=5000", true);
    assertEquals(400, tooMany.statusCode(), tooMany.bodyAsString());
    assertEquals("invalid_request", tooMany.bodyAsJsonObject().getString("error"));
    assertTrue(tooMany.bodyAsJsonObject().getString("message").contains("limit"));
    var badName = call(HttpMethod.POST, "/api/v1/communities/Not%20Valid/overlay/token", true);
    assertEquals(400, badName.statusCode(), badName.bodyAsString());
    assertEquals("invalid_request", badName.bodyAsJsonObject().getString("error"));
    assertEquals(
        200,
        call(HttpMethod.GET, "/api/v1/communities/demo/interactions?limit=5", true).statusCode());
  }

  @Test
  void undocumentedPathsAreNotServedAndTheKeyComesFirst() throws Exception {
    assertEquals(401, call(HttpMethod.GET, "/api/v1/nothing", false).statusCode());
    var missing = call(HttpMethod.GET, "/api/v1/nothing", true);
    assertEquals(404, missing.statusCode());
    assertEquals("not_documented", missing.bodyAsJsonObject().getString("error"));
    var method = call(HttpMethod.DELETE, "/api/v1/journal", true);
    assertEquals(405, method.statusCode());
    assertEquals(200, call(HttpMethod.GET, "/api/v1/journal", true).statusCode());
  }
}
