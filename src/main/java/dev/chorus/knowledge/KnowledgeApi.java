package dev.chorus.knowledge;

import dev.chorus.module.HttpRoutes;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge admin API under {@code /api/v1/communities/{c}/knowledge}: facts (create, list,
 * get, change status, delete), search, and document upload (split into passages, each stored as an
 * approved fact with the document as provenance). A write answers once this process's index has it,
 * so a search right after finds it. Shapes are in {@code openapi/openapi.yaml}.
 */
final class KnowledgeApi implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeApi.class);
  private static final String BASE = "/api/v1/communities/:community/knowledge";
  private static final Pattern COMMUNITY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern DOC_NAME = Pattern.compile("[A-Za-z0-9_. -]{1,200}");
  private static final int MAX_TEXT = 2000;
  private static final int MAX_SUBJECT = 100;
  private static final int MAX_DOCUMENT = 1_000_000;
  private static final int MAX_PASSAGES = 2000;
  private static final String ADMIN = "admin";

  private final Knowledge knowledge;

  KnowledgeApi(Knowledge knowledge) {
    this.knowledge = knowledge;
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    BodyHandler small = BodyHandler.create(false).setBodyLimit(16 * 1024);
    BodyHandler large = BodyHandler.create(false).setBodyLimit(MAX_DOCUMENT + 64 * 1024);
    router.post(BASE + "/facts").handler(small).handler(this::create);
    router.get(BASE + "/facts").handler(this::list);
    router.get(BASE + "/facts/:id").handler(this::get);
    router.patch(BASE + "/facts/:id").handler(small).handler(this::changeStatus);
    router.delete(BASE + "/facts/:id").handler(this::delete);
    router.get(BASE + "/search").handler(this::search);
    router.post(BASE + "/documents").handler(large).handler(this::upload);
    return Future.succeededFuture();
  }

  private static Optional<String> community(RoutingContext ctx) {
    String c = ctx.pathParam("community");
    if (c == null || !COMMUNITY.matcher(c).matches()) {
      JsonResponses.error(
          ctx, 400, "invalid_community", "community must be 1-64 letters, digits, . _ or -");
      return Optional.empty();
    }
    return Optional.of(c);
  }

  /** The JSON object body with only {@code allowed} fields, or an error answered. */
  private static Optional<JsonObject> body(RoutingContext ctx, Set<String> allowed) {
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (json == null) {
      JsonResponses.error(ctx, 400, "invalid_json", "the body must be a JSON object");
      return Optional.empty();
    }
    for (String field : json.fieldNames()) {
      if (!allowed.contains(field)) {
        JsonResponses.error(ctx, 400, "unknown_field", "unknown field '" + field + "'");
        return Optional.empty();
      }
    }
    return Optional.of(json);
  }

  /** A string field: absent gives null; a non-string or one out of bounds answers an error. */
  private static Optional<String> text(
      RoutingContext ctx, JsonObject json, String field, boolean required, int max) {
    Object v = json.getValue(field);
    if (v == null && !required) {
      return Optional.of("");
    }
    if (!(v instanceof String s) || s.isBlank() || s.length() > max) {
      JsonResponses.error(
          ctx,
          400,
          "invalid_" + field,
          field + " must be a non-empty string of at most " + max + " characters");
      return Optional.empty();
    }
    return Optional.of(s.strip());
  }

  private void create(RoutingContext ctx) {
    Optional<String> c = community(ctx);
    Optional<JsonObject> json =
        c.isEmpty() ? Optional.empty() : body(ctx, Set.of("text", "subject", "status"));
    if (json.isEmpty()) {
      return;
    }
    Optional<String> text = text(ctx, json.get(), "text", true, MAX_TEXT);
    Optional<String> subject =
        text.isEmpty() ? Optional.empty() : text(ctx, json.get(), "subject", false, MAX_SUBJECT);
    if (subject.isEmpty()) {
      return;
    }
    Object status = json.get().getValue("status", "approved");
    if (!"approved".equals(status) && !"pending".equals(status)) {
      JsonResponses.error(ctx, 400, "invalid_status", "status must be approved or pending");
      return;
    }
    String community = c.get();
    NewFact fact =
        new NewFact(
            community,
            Fact.Kind.FACT,
            ChatCommands.title(text.get()),
            text.get(),
            ADMIN,
            ADMIN,
            subject.get(),
            null);
    Future<Fact> stored =
        "approved".equals(status)
            ? knowledge.store().add(fact, ADMIN)
            : knowledge.store().propose(fact);
    stored
        .compose(f -> knowledge.changed(community, f))
        .onSuccess(f -> JsonResponses.send(ctx, 201, FactJson.fact(f)))
        .onFailure(e -> unavailable(ctx, "storing a fact", e));
  }

  private void list(RoutingContext ctx) {
    Optional<String> c = community(ctx);
    if (c.isEmpty()) {
      return;
    }
    String s = ctx.queryParams().get("status");
    Fact.Status status;
    try {
      status = s == null ? null : Fact.Status.fromDb(s);
    } catch (IllegalArgumentException e) {
      JsonResponses.error(
          ctx, 400, "invalid_status", "status must be pending, approved, rejected or archived");
      return;
    }
    Optional<Integer> limit = integer(ctx, "limit", 100, 1, 1000);
    if (limit.isEmpty()) {
      return;
    }
    knowledge
        .store()
        .list(c.get(), status, limit.get())
        .onSuccess(
            facts -> {
              JsonArray items = new JsonArray();
              facts.forEach(f -> items.add(FactJson.fact(f)));
              JsonResponses.send(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(e -> unavailable(ctx, "listing facts", e));
  }

  private static Optional<Integer> integer(
      RoutingContext ctx, String name, int dflt, int min, int max) {
    String raw = ctx.queryParams().get(name);
    try {
      int v = raw == null ? dflt : Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    JsonResponses.error(
        ctx, 400, "invalid_" + name, name + " must be an integer from " + min + " to " + max);
    return Optional.empty();
  }

  private void get(RoutingContext ctx) {
    Optional<String> c = community(ctx);
    if (c.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    knowledge
        .store()
        .get(c.get(), id)
        .onSuccess(f -> found(ctx, 200, f, id))
        .onFailure(e -> unavailable(ctx, "reading a fact", e));
  }

  private static void found(RoutingContext ctx, int status, Optional<Fact> f, String id) {
    if (f.isPresent()) {
      JsonResponses.send(ctx, status, FactJson.fact(f.get()));
    } else {
      JsonResponses.error(ctx, 404, "not_found", "no fact " + id + " in this community");
    }
  }

  /** {@code PATCH {"status": "approved" | "rejected"}}: reviews a pending fact. */
  private void changeStatus(RoutingContext ctx) {
    Optional<String> c = community(ctx);
    Optional<JsonObject> json = c.isEmpty() ? Optional.empty() : body(ctx, Set.of("status"));
    if (json.isEmpty()) {
      return;
    }
    Object status = json.get().getValue("status");
    if (!"approved".equals(status) && !"rejected".equals(status)) {
      JsonResponses.error(ctx, 400, "invalid_status", "status must be approved or rejected");
      return;
    }
    String community = c.get();
    String id = ctx.pathParam("id");
    FactStore store = knowledge.store();
    Future<Optional<Fact>> reviewed =
        "approved".equals(status)
            ? store.approve(community, id, ADMIN)
            : store.reject(community, id, ADMIN);
    reviewed
        .compose(f -> knowledge.changedIfPresent(community, f))
        .compose(
            f ->
                f.isPresent()
                    ? Future.succeededFuture(f)
                    : store
                        .get(community, id)
                        .map(
                            current -> {
                              if (current.isPresent()) {
                                JsonResponses.error(
                                    ctx,
                                    409,
                                    "not_pending",
                                    "fact "
                                        + id
                                        + " is "
                                        + current.get().status().dbName()
                                        + "; only pending facts are reviewed");
                              } else {
                                found(ctx, 404, current, id);
                              }
                              return Optional.<Fact>empty();
                            }))
        .onSuccess(
            f -> {
              if (f.isPresent()) {
                JsonResponses.send(ctx, 200, FactJson.fact(f.get()));
              }
            })
        .onFailure(e -> unavailable(ctx, "reviewing a fact", e));
  }

  /** Archives the fact: it leaves the index and every search; the store keeps it for provenance. */
  private void delete(RoutingContext ctx) {
    Optional<String> c = community(ctx);
    if (c.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    knowledge
        .store()
        .archive(c.get(), id, ADMIN)
        .compose(f -> knowledge.changedIfPresent(c.get(), f))
        .onSuccess(
            f -> {
              if (f.isPresent()) {
                ctx.response().setStatusCode(204).end();
              } else {
                JsonResponses.error(ctx, 404, "not_found", "no fact " + id + " in this community");
              }
            })
        .onFailure(e -> unavailable(ctx, "deleting a fact", e));
  }

  private void search(RoutingContext ctx) {
    Optional<String> c = community(ctx);
    if (c.isEmpty()) {
      return;
    }
    String q = ctx.queryParams().get("q");
    if (q == null || q.isBlank() || q.length() > 500) {
      JsonResponses.error(ctx, 400, "invalid_q", "q must be a question of 1 to 500 characters");
      return;
    }
    Optional<Integer> k = integer(ctx, "k", 5, 1, 50);
    if (k.isEmpty()) {
      return;
    }
    knowledge
        .search()
        .search(c.get(), q, k.get(), Set.of())
        .onSuccess(
            result -> {
              JsonArray items = new JsonArray();
              result.items().forEach(h -> items.add(FactJson.hit(h)));
              JsonResponses.send(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(e -> unavailable(ctx, "searching", e));
  }

  /**
   * {@code POST {"name": "rules.md", "text": "…"}}: every passage becomes an approved fact of kind
   * {@code document} with source {@code document:<name>#<n>}.
   */
  private void upload(RoutingContext ctx) {
    Optional<String> c = community(ctx);
    Optional<JsonObject> json = c.isEmpty() ? Optional.empty() : body(ctx, Set.of("name", "text"));
    if (json.isEmpty()) {
      return;
    }
    Object name = json.get().getValue("name");
    if (!(name instanceof String n) || !DOC_NAME.matcher(n).matches() || n.isBlank()) {
      JsonResponses.error(
          ctx, 400, "invalid_name", "name must be 1-200 letters, digits, spaces, . _ or -");
      return;
    }
    Optional<String> text = text(ctx, json.get(), "text", true, MAX_DOCUMENT);
    if (text.isEmpty()) {
      return;
    }
    List<Passages.Passage> passages = Passages.split(n.strip(), text.get());
    if (passages.size() > MAX_PASSAGES) {
      JsonResponses.error(
          ctx,
          413,
          "too_many_passages",
          "a document splits into at most " + MAX_PASSAGES + " passages");
      return;
    }
    String community = c.get();
    String document = n.strip();
    List<NewFact> facts = new ArrayList<>(passages.size());
    for (int i = 0; i < passages.size(); i++) {
      Passages.Passage p = passages.get(i);
      facts.add(
          new NewFact(
              community,
              Fact.Kind.DOCUMENT,
              ChatCommands.title(p.title()),
              p.text(),
              FactStore.documentSource(document, i + 1),
              ADMIN,
              null,
              passageId(community, document, i, p)));
    }
    // One transaction: a failure part-way (a passage the store refuses, the store gone) leaves
    // the document as it was; the client going away changes nothing either.
    knowledge
        .store()
        .putDocument(community, document, facts, ADMIN)
        .compose(written -> knowledge.changed(community, written))
        .onSuccess(
            written -> {
              JsonArray items = new JsonArray();
              written.passages().forEach(f -> items.add(FactJson.fact(f)));
              JsonResponses.send(
                  ctx,
                  201,
                  new JsonObject()
                      .put("document", document)
                      .put("passages", written.passages().size())
                      .put("unchanged", written.unchanged())
                      .put("archived", written.archived())
                      .put("items", items));
            })
        .onFailure(e -> unavailable(ctx, "storing document " + document, e));
  }

  /**
   * The same passage of the same document always gets the same id, so an upload retried after a
   * failure or a timeout stores each passage once.
   */
  private static String passageId(String community, String name, int index, Passages.Passage p) {
    return dev.chorus.event.Ids.forPlatformMessage(
        "document",
        community,
        name + "#" + index + "\n" + p.title() + "\n" + p.text(),
        java.time.Instant.EPOCH);
  }

  private static void unavailable(RoutingContext ctx, String what, Throwable e) {
    LOG.error("{} failed: {}", what, e.toString());
    if (!ctx.response().ended()) {
      JsonResponses.error(ctx, 503, "store_unavailable", "the knowledge store did not answer");
    }
  }
}
