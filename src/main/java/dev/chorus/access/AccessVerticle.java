package dev.chorus.access;

import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link Addresses#ACCESS_VERIFY} for every HTTP instance of the cluster: the principal of
 * an active key, or of a live session whose key is still active; failure 401 otherwise, 503 when
 * the store does not answer. The HTTP instances stay database-free and cache the answers ({@link
 * AccessCache}).
 */
public final class AccessVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AccessVerticle.class);

  private final KeyCheck keys;
  private final Sessions sessions;

  /**
   * @param bootstrapKey the configured admin key ({@code CHORUS_ADMIN_KEY}), or {@code null}
   */
  public AccessVerticle(ApiKeys keys, Sessions sessions, String bootstrapKey) {
    this.keys = new KeyCheck(Objects.requireNonNull(keys, "keys"), bootstrapKey);
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  @Override
  public Future<?> start() {
    return Future.all(
            vertx
                .eventBus()
                .<JsonObject>consumer(Addresses.ACCESS_VERIFY, this::verify)
                .completion(),
            vertx
                .eventBus()
                .<JsonObject>consumer(Addresses.ACCESS_FAILED, this::failed)
                .completion())
        .mapEmpty();
  }

  /** Counts one refused bearer key of a client address in the shared state store. */
  private void failed(Message<JsonObject> message) {
    Object client = message.body() == null ? null : message.body().getValue("client");
    if (!(client instanceof String c) || c.isEmpty() || c.length() > 64) {
      message.fail(400, "client is required (an address)");
      return;
    }
    sessions
        .bearerFailed(c, AccessCache.GUESS_WINDOW)
        .onSuccess(n -> message.reply(new JsonObject().put("failures", n)))
        .onFailure(
            e -> {
              LOG.warn("counting a refused key from {} failed: {}", c, e.toString());
              message.fail(503, "the state store did not answer");
            });
  }

  private void verify(Message<JsonObject> message) {
    JsonObject body = message.body();
    String key = body == null ? null : body.getString("key");
    String session = body == null ? null : body.getString("session");
    Future<Optional<Principal>> found;
    if (key != null) {
      found = keys.byHash(key);
    } else if (session != null) {
      found = bySession(session);
    } else {
      message.fail(400, "key or session is required");
      return;
    }
    found.onComplete(
        ar -> {
          if (ar.failed()) {
            LOG.warn(
                "access check failed: the key store did not answer: {}", ar.cause().toString());
            message.fail(503, "the key store did not answer");
          } else if (ar.result().isEmpty()) {
            message.fail(401, "not an active key or session");
          } else {
            message.reply(ar.result().get().toJson());
          }
        });
  }

  private Future<Optional<Principal>> bySession(String hash) {
    return sessions
        .find(hash)
        .compose(
            stored -> {
              if (stored.isEmpty()) {
                return Future.succeededFuture(Optional.<Principal>empty());
              }
              Principal principal = Principal.fromJson(stored.get());
              String keyHash = stored.get().getString("keyHash");
              if (principal == null || keyHash == null) {
                return Future.succeededFuture(Optional.<Principal>empty());
              }
              // The key that opened the session must still be active (and still the same key).
              return keys.byHash(keyHash)
                  .map(k -> k.filter(p -> p.keyId().equals(principal.keyId())).map(p -> principal));
            });
  }
}
