package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.access.ApiKeys;
import dev.chorus.access.Scope;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every operation of the served OpenAPI document — so a new route is covered the day it is
 * described — on a whole process, and calls each non-public one without a key, with a wrong key,
 * with a revoked key, with another community's owner key, with a community key on an admin route
 * and with a read key on a write route: each must be refused with the right status and error. A key
 * of the declared scope must get past the check, so a route cannot pass by refusing everyone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteAccessWalkTest {

  private static final String A = "a";
  private static final String B = "b";

  @TempDir static Path dataDir;
  private Chorus chorus;
  private Vertx client;
  private WebClient web;
  private final Map<String, String> keys = new java.util.HashMap<>();

  @BeforeAll
  void start() throws Exception {
    // The walk presents two refused keys per operation from one address: no guessing limit here
    // (ForwardedClientTest shows it).
    chorus = TestChorus.start(dataDir, java.util.Map.of("http.maxFailedKeysPerAddress", "0"));
    client = Vertx.vertx();
    web = WebClient.create(client);
    for (Scope scope : List.of(Scope.OWNER, Scope.MODERATOR, Scope.READ)) {
      keys.put(scope.wire() + ":" + A, make(scope, A));
      keys.put(scope.wire() + ":" + B, make(scope, B));
    }
    // Web-chat sign-in and overlay keys of the route's own community: no admin operation at all.
    keys.put("chat:" + A, make(Scope.CHAT, A));
    keys.put("overlay:" + A, make(Scope.OVERLAY, A));
    String revoked = make(Scope.OWNER, A);
    String id = chorus.port(ApiKeys.class).byHash(ApiKeys.hash(revoked)).await().orElseThrow().id();
    var gone = call(HttpMethod.DELETE, "/api/v1/keys/" + id, TestChorus.ADMIN_KEY, null);
    assertEquals(204, gone.statusCode(), gone.bodyAsString());
    keys.put("revoked", revoked);
  }

  @AfterAll
  void stop() throws Exception {
    chorus.stop().await(30, TimeUnit.SECONDS);
    web.close();
    client.close().await();
  }

  private String make(Scope scope, String community) throws Exception {
    JsonObject body = new JsonObject().put("scope", scope.wire()).put("community", community);
    if (scope == Scope.CHAT) {
      body.put("name", "Walker").put("level", "owner");
    }
    var made = call(HttpMethod.POST, "/api/v1/keys", TestChorus.ADMIN_KEY, body);
    assertEquals(201, made.statusCode(), made.bodyAsString());
    return made.bodyAsJsonObject().getString("key");
  }

  private HttpResponse<Buffer> call(HttpMethod method, String uri, String key, JsonObject body)
      throws Exception {
    var request = web.request(method, chorus.httpPort(), "127.0.0.1", uri);
    if (key != null) {
      request.bearerTokenAuthentication(key);
    }
    if (body == null && (method == HttpMethod.GET || method == HttpMethod.DELETE)) {
      return request.send().await(20, TimeUnit.SECONDS);
    }
    return request
        .putHeader("Content-Type", "application/json")
        .sendBuffer((body == null ? new JsonObject() : body).toBuffer())
        .await(20, TimeUnit.SECONDS);
  }

  /** One operation of the document. */
  record Op(HttpMethod method, String path, String scope, JsonObject doc) {
    boolean write() {
      return method != HttpMethod.GET && method != HttpMethod.HEAD;
    }

    String uri(String community) {
      return path.replace("{community}", community).replaceAll("\\{[^}]+}", "x1");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static List<Op> operations() throws Exception {
    JsonObject document = ApiContract.read(ApiContract.RESOURCE);
    List<Op> ops = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (method.equals("parameters") || !(item.getValue(method) instanceof JsonObject op)) {
          continue;
        }
        ops.add(
            new Op(
                HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
                path,
                op.getString(ApiContract.SCOPE),
                op));
      }
    }
    return ops;
  }

  private void assertRefused(
      Op op, String what, HttpResponse<Buffer> got, int status, String code) {
    assertEquals(status, got.statusCode(), op + " " + what + ": " + got.bodyAsString());
    assertEquals(code, got.bodyAsJsonObject().getString("error"), op + " " + what);
    if (status == 401) {
      assertNotNull(got.getHeader("WWW-Authenticate"), op + " " + what + ": WWW-Authenticate");
    }
  }

  @Test
  void everyOperationIsRefusedToCallersOutsideItsScope() throws Exception {
    SecureRandom random = new SecureRandom();
    List<Op> ops = operations();
    assertTrue(ops.size() > 50, "the walk found the operations: " + ops.size());
    int walked = 0;
    for (Op op : ops) {
      assertNotNull(op.scope(), op + " declares no " + ApiContract.SCOPE);
      if (op.scope().equals("public")) {
        continue;
      }
      Scope scope =
          Scope.parse(op.scope()).orElseThrow(() -> new AssertionError(op + ": " + op.scope()));
      boolean perCommunityPath = op.path().contains("{community}");
      String uri = op.uri(A);
      walked++;

      assertRefused(op, "without a key", call(op.method(), uri, null, null), 401, "unauthorized");
      assertRefused(
          op,
          "with a wrong key",
          call(op.method(), uri, ApiKeys.newSecret(random), null),
          401,
          "unauthorized");
      assertRefused(
          op,
          "with a revoked key",
          call(op.method(), uri, keys.get("revoked"), null),
          401,
          "unauthorized");
      if (perCommunityPath) {
        assertRefused(
            op,
            "with another community's owner key",
            call(op.method(), uri, keys.get("owner:" + B), null),
            403,
            "forbidden");
      }
      // A fresh overlay key each time: the walk's own call of the overlay token route (an owner
      // key) rotates, which revokes the community's overlay keys.
      keys.put("overlay:" + A, make(Scope.OVERLAY, A));
      for (Scope sign : List.of(Scope.CHAT, Scope.OVERLAY)) {
        assertRefused(
            op,
            "with the community's own " + sign.wire() + " key",
            call(op.method(), uri, keys.get(sign.wire() + ":" + A), null),
            403,
            "forbidden");
      }
      if (scope == Scope.ADMIN) {
        assertRefused(
            op,
            "with a community owner key",
            call(op.method(), uri, keys.get("owner:" + A), null),
            403,
            "forbidden");
      }
      if (op.write()) {
        assertNotEquals(Scope.READ, scope, op + " is a write route open to read keys");
        assertRefused(
            op,
            "with a read key",
            call(op.method(), uri, keys.get("read:" + A), null),
            403,
            "forbidden");
      }
      // The declared scope itself gets past the check (whatever the route then answers).
      String enough =
          scope == Scope.ADMIN ? TestChorus.ADMIN_KEY : keys.get(scope.wire() + ":" + A);
      var passed = call(op.method(), uri, enough, null);
      int status = passed.statusCode();
      assertTrue(status != 401 && status != 403, op + " refused its own scope: " + status);
      assertNotEquals(500, status, op + " with its own scope: " + passed.bodyAsString());
    }
    assertTrue(walked > 40, "walked " + walked);
  }

  @Test
  void anUndocumentedPathTellsOnlyAKeyHolderThatItIsNotThere() throws Exception {
    assertEquals(401, call(HttpMethod.GET, "/api/v1/nothing-here", null, null).statusCode());
    var known = call(HttpMethod.GET, "/api/v1/nothing-here", keys.get("read:" + A), null);
    assertEquals(404, known.statusCode(), known.bodyAsString());
    assertEquals("not_documented", known.bodyAsJsonObject().getString("error"));
  }

  @Test
  void aDocumentWithAnOperationWithoutAScopeDoesNotLoad() {
    JsonObject op = new JsonObject().put("operationId", "getNew");
    JsonObject document =
        new JsonObject()
            .put(
                "paths",
                new JsonObject()
                    .put("/api/v1/communities/{community}/new", new JsonObject().put("get", op)));
    var missing = assertThrows(IllegalStateException.class, () -> ApiContract.access(document));
    assertTrue(missing.getMessage().contains("GET /api/v1/communities/{community}/new"));
    op.put(ApiContract.SCOPE, "read");
    assertEquals(Scope.READ, ApiContract.access(document).get("getNew").scope());
    // A community scope needs a {community} to check against.
    document
        .getJsonObject("paths")
        .put(
            "/api/v1/loose",
            new JsonObject()
                .put(
                    "get",
                    new JsonObject()
                        .put("operationId", "getLoose")
                        .put(ApiContract.SCOPE, "owner")));
    assertThrows(IllegalStateException.class, () -> ApiContract.access(document));
    // And nothing outside /api/v1 enforces a scope.
    document.getJsonObject("paths").remove("/api/v1/loose");
    document
        .getJsonObject("paths")
        .put(
            "/webhooks/new",
            new JsonObject()
                .put(
                    "post",
                    new JsonObject()
                        .put("operationId", "postNew")
                        .put(ApiContract.SCOPE, "admin")));
    assertThrows(IllegalStateException.class, () -> ApiContract.access(document));
  }
}
