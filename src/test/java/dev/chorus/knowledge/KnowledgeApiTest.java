package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API's exact shapes, and what it says to careless and hostile clients. */
class KnowledgeApiTest {

  private static final Embedder EMBEDDER = MiniLmEmbedder.shared();
  private static final String FACTS = "/api/v1/communities/demo/knowledge/facts";

  @TempDir Path dir;
  private Vertx vertx;
  private SqlFixture db;
  private dev.chorus.store.sql.SqlDatabase sql;
  private KnowledgeNode node;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = SqlFixture.h2();
    sql = db.open(vertx);
    node = new KnowledgeNode(vertx, new SqlFactStore(sql), EMBEDDER, dir);
    Router router = Router.router(vertx);
    await(new KnowledgeApi(node.knowledge).mount(vertx, router));
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    client.close();
    await(server.close());
    node.close();
    db.close();
    await(vertx.close());
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, Object body) {
    var request = client.request(method, server.actualPort(), "127.0.0.1", path);
    if (body == null) {
      return await(request.send());
    }
    Buffer b = body instanceof String s ? Buffer.buffer(s) : Buffer.buffer(body.toString());
    return await(request.putHeader("Content-Type", "application/json").sendBuffer(b));
  }

  private JsonObject created(String text, String subject, String status) {
    JsonObject body = new JsonObject().put("text", text);
    if (subject != null) {
      body.put("subject", subject);
    }
    if (status != null) {
      body.put("status", status);
    }
    HttpResponse<Buffer> r = call(HttpMethod.POST, FACTS, body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    assertEquals(code, r.bodyAsJsonObject().getString("error"));
    assertTrue(!r.bodyAsJsonObject().getString("message").isBlank());
  }

  @Test
  void factsCrudAndSearchHaveTheDocumentedShapes() {
    JsonObject fact = created("Alice draws the channel emotes", "@Alice", null);
    assertEquals("Alice draws the channel emotes", fact.getString("text"));
    assertEquals("alice", fact.getString("subject"));
    assertEquals("approved", fact.getString("status"));
    assertEquals("admin", fact.getJsonObject("provenance").getString("source"));
    assertTrue(fact.containsKey("createdAt") && fact.containsKey("updatedAt"));
    String id = fact.getString("id");
    node.sync(); // the first fact of the JVM waits for the model to load

    JsonObject found =
        call(
                HttpMethod.GET,
                "/api/v1/communities/demo/knowledge/search?q=who+draws+emotes&k=2",
                null)
            .bodyAsJsonObject();
    JsonObject first = found.getJsonArray("items").getJsonObject(0);
    assertEquals(id, first.getString("id"));
    assertEquals("Alice draws the channel emotes", first.getString("text"));
    assertEquals("alice", first.getString("subject"));
    assertTrue(first.getDouble("score") > 0);
    assertEquals("admin", first.getJsonObject("provenance").getString("proposedBy"));

    JsonObject pending = created("Tournaments are on Saturdays", null, "pending");
    assertEquals("pending", pending.getString("status"));
    assertNull(pending.getString("subject"));
    JsonArray listed =
        call(HttpMethod.GET, FACTS + "?status=pending", null)
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertEquals(1, listed.size());
    assertEquals(pending.getString("id"), listed.getJsonObject(0).getString("id"));
    assertEquals(
        2, call(HttpMethod.GET, FACTS, null).bodyAsJsonObject().getJsonArray("items").size());

    String pid = pending.getString("id");
    JsonObject approved =
        call(HttpMethod.PATCH, FACTS + "/" + pid, new JsonObject().put("status", "approved"))
            .bodyAsJsonObject();
    assertEquals("approved", approved.getString("status"));
    assertEquals("admin", approved.getJsonObject("provenance").getString("reviewedBy"));
    assertError(
        call(HttpMethod.PATCH, FACTS + "/" + pid, new JsonObject().put("status", "rejected")),
        409,
        "not_pending");
    assertEquals(
        pid, call(HttpMethod.GET, FACTS + "/" + pid, null).bodyAsJsonObject().getString("id"));

    assertEquals(204, call(HttpMethod.DELETE, FACTS + "/" + id, null).statusCode());
    assertError(call(HttpMethod.DELETE, FACTS + "/" + id, null), 404, "not_found");
    assertEquals(
        "archived",
        call(HttpMethod.GET, FACTS + "/" + id, null).bodyAsJsonObject().getString("status"));
    JsonArray after =
        call(HttpMethod.GET, "/api/v1/communities/demo/knowledge/search?q=who+draws+emotes", null)
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertTrue(after.stream().noneMatch(o -> ((JsonObject) o).getString("id").equals(id)));
    JsonArray other =
        call(
                HttpMethod.GET,
                "/api/v1/communities/other/knowledge/search?q=tournaments+saturdays",
                null)
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertEquals(0, other.size(), "another community sees nothing");
    assertError(
        call(HttpMethod.GET, "/api/v1/communities/other/knowledge/facts/" + pid, null),
        404,
        "not_found");
  }

  @Test
  void documentsAreSplitIntoPassagesFoundWithTheirProvenance() {
    String doc =
        "# House rules\n\nBe kind.\n\n## Emotes\nThe emotes were drawn by Pixelfox in 2024.\n\n"
            + "## Giveaways\n"
            + "Giveaway winners are drawn on the last Friday of the month. ".repeat(8);
    JsonObject body = new JsonObject().put("name", "rules.md").put("text", doc);
    HttpResponse<Buffer> r =
        call(HttpMethod.POST, "/api/v1/communities/demo/knowledge/documents", body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject up = r.bodyAsJsonObject();
    assertEquals("rules.md", up.getString("document"));
    node.sync();
    assertEquals(3, up.getInteger("passages"));
    assertEquals("document", up.getJsonArray("items").getJsonObject(0).getString("kind"));
    HttpResponse<Buffer> again =
        call(HttpMethod.POST, "/api/v1/communities/demo/knowledge/documents", body);
    assertEquals(
        up.getJsonArray("items").getJsonObject(1).getString("id"),
        again.bodyAsJsonObject().getJsonArray("items").getJsonObject(1).getString("id"),
        "a retried upload stores each passage once");
    assertEquals(3, again.bodyAsJsonObject().getInteger("unchanged"), "and changes nothing");
    assertEquals(0, again.bodyAsJsonObject().getInteger("archived"));
    assertEquals(
        3, call(HttpMethod.GET, FACTS, null).bodyAsJsonObject().getJsonArray("items").size());

    JsonObject hit =
        call(
                HttpMethod.GET,
                "/api/v1/communities/demo/knowledge/search?q=who+made+the+emotes",
                null)
            .bodyAsJsonObject()
            .getJsonArray("items")
            .getJsonObject(0);
    assertTrue(hit.getString("text").contains("Pixelfox"), hit.encode());
    JsonObject provenance = hit.getJsonObject("provenance");
    assertEquals("rules.md", provenance.getString("document"));
    assertEquals("House rules › Emotes", provenance.getString("passage"));
    assertTrue(provenance.getString("source").startsWith("document:rules.md#"));
  }

  private List<String> search(String q) {
    List<String> texts = new java.util.ArrayList<>();
    call(HttpMethod.GET, "/api/v1/communities/demo/knowledge/search?q=" + q + "&k=10", null)
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(i -> texts.add(((JsonObject) i).getString("text")));
    return texts;
  }

  /** A document of two passages (each long enough not to be joined with the other). */
  private static String guide(String first, String second) {
    return "# Guide\n\n"
        + (first + " ").repeat(7).strip()
        + "\n\n"
        + (second + " ").repeat(12).strip();
  }

  @Test
  void aNewVersionReplacesTheDocumentAndAFailedUploadChangesNothing() {
    String docs = "/api/v1/communities/demo/knowledge/documents";
    String v1 = guide("The raid boss Zorblax lives in the castle.", "Merch is in the shop.");
    HttpResponse<Buffer> first =
        call(HttpMethod.POST, docs, new JsonObject().put("name", "guide.md").put("text", v1));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    node.sync();
    assertTrue(search("zorblax").stream().anyMatch(t -> t.contains("Zorblax")));

    String v2 = guide("The raid boss Quillbeast lives in the castle.", "Merch is in the shop.");
    JsonObject second =
        call(HttpMethod.POST, docs, new JsonObject().put("name", "guide.md").put("text", v2))
            .bodyAsJsonObject();
    assertEquals(1, second.getInteger("archived"), second.encode());
    assertEquals(1, second.getInteger("unchanged"));
    node.sync();
    assertTrue(
        search("zorblax").stream().noneMatch(t -> t.contains("Zorblax")),
        "the old passage is gone");
    assertTrue(search("quillbeast").stream().anyMatch(t -> t.contains("Quillbeast")));

    // The real store refuses the third version's second passage: the upload fails with 503 and
    // the second version stays whole, in the store and in the index.
    await(
        sql.pool()
            .query("ALTER TABLE facts ADD CONSTRAINT no_poison CHECK (body NOT LIKE '%Venomous%')")
            .execute());
    String v3 = guide("The raid boss Grimjaw lives in the castle.", "Venomous merch is sold.");
    assertError(
        call(HttpMethod.POST, docs, new JsonObject().put("name", "guide.md").put("text", v3)),
        503,
        "store_unavailable");
    node.sync();
    assertTrue(search("grimjaw").stream().noneMatch(t -> t.contains("Grimjaw")), "nothing of it");
    assertTrue(search("quillbeast").stream().anyMatch(t -> t.contains("Quillbeast")));
    assertEquals(
        2,
        call(HttpMethod.GET, FACTS + "?status=approved", null)
            .bodyAsJsonObject()
            .getJsonArray("items")
            .size());
  }

  @Test
  void badInputGetsAClearErrorAndStoresNothing() {
    assertError(call(HttpMethod.POST, FACTS, "{not json"), 400, "invalid_json");
    assertError(call(HttpMethod.POST, FACTS, "[1,2]"), 400, "invalid_json");
    assertError(call(HttpMethod.POST, FACTS, new JsonObject()), 400, "invalid_text");
    assertError(
        call(HttpMethod.POST, FACTS, new JsonObject().put("text", 42)), 400, "invalid_text");
    assertError(
        call(HttpMethod.POST, FACTS, new JsonObject().put("text", "  ")), 400, "invalid_text");
    assertError(
        call(HttpMethod.POST, FACTS, new JsonObject().put("text", "x".repeat(2001))),
        400,
        "invalid_text");
    assertError(
        call(HttpMethod.POST, FACTS, new JsonObject().put("text", "ok").put("status", "rejected")),
        400,
        "invalid_status");
    assertError(
        call(HttpMethod.POST, FACTS, new JsonObject().put("text", "ok").put("subject", 7)),
        400,
        "invalid_subject");
    assertError(
        call(HttpMethod.POST, FACTS, new JsonObject().put("text", "ok").put("admin", true)),
        400,
        "unknown_field");
    assertEquals(
        413,
        call(HttpMethod.POST, FACTS, new JsonObject().put("text", "x".repeat(40_000)))
            .statusCode());
    assertError(
        call(
            HttpMethod.POST,
            "/api/v1/communities/" + "c".repeat(65) + "/knowledge/facts",
            new JsonObject().put("text", "ok")),
        400,
        "invalid_community");
    assertError(call(HttpMethod.GET, FACTS + "?status=weird", null), 400, "invalid_status");
    assertError(call(HttpMethod.GET, FACTS + "?limit=0", null), 400, "invalid_limit");
    assertError(call(HttpMethod.GET, FACTS + "/no-such-id", null), 404, "not_found");
    assertError(
        call(HttpMethod.PATCH, FACTS + "/no-such-id", new JsonObject().put("status", "approved")),
        404,
        "not_found");
    assertError(
        call(HttpMethod.PATCH, FACTS + "/x", new JsonObject().put("status", "archived")),
        400,
        "invalid_status");
    assertError(
        call(HttpMethod.GET, "/api/v1/communities/demo/knowledge/search", null), 400, "invalid_q");
    assertError(
        call(
            HttpMethod.GET, "/api/v1/communities/demo/knowledge/search?q=" + "a".repeat(501), null),
        400,
        "invalid_q");
    assertError(
        call(HttpMethod.GET, "/api/v1/communities/demo/knowledge/search?q=hi&k=51", null),
        400,
        "invalid_k");
    assertError(
        call(HttpMethod.GET, "/api/v1/communities/demo/knowledge/search?q=hi&k=abc", null),
        400,
        "invalid_k");
    String docs = "/api/v1/communities/demo/knowledge/documents";
    assertError(
        call(HttpMethod.POST, docs, new JsonObject().put("text", "x")), 400, "invalid_name");
    assertError(
        call(HttpMethod.POST, docs, new JsonObject().put("name", "../etc/passwd").put("text", "x")),
        400,
        "invalid_name");
    assertError(
        call(HttpMethod.POST, docs, new JsonObject().put("name", "a.md")), 400, "invalid_text");
    assertEquals(
        0, call(HttpMethod.GET, FACTS, null).bodyAsJsonObject().getJsonArray("items").size());
  }

  @Test
  void theSameTextPostedManyTimesAtOnceIsAnsweredEveryTime() {
    var futures = new java.util.ArrayList<io.vertx.core.Future<HttpResponse<Buffer>>>();
    for (int i = 0; i < 30; i++) {
      futures.add(
          client
              .post(server.actualPort(), "127.0.0.1", FACTS)
              .sendJsonObject(new JsonObject().put("text", "Flood fact number " + i)));
    }
    for (var f : futures) {
      assertEquals(201, await(f).statusCode());
    }
    node.sync();
    assertEquals(
        30, call(HttpMethod.GET, FACTS, null).bodyAsJsonObject().getJsonArray("items").size());
    assertEquals(
        "Flood fact number 17",
        call(
                HttpMethod.GET,
                "/api/v1/communities/demo/knowledge/search?q=flood+fact+number+17&k=1",
                null)
            .bodyAsJsonObject()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("text"));
  }
}
