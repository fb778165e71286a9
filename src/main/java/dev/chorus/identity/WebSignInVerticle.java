package dev.chorus.identity;

import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Checks web-chat sign-in tokens for the gateway on {@link Addresses#IDENTITY_SIGN_IN}: body {@code
 * {"community", "token"}}; reply {@code {"user": "signed:<name>", "name", "level", "tokenId"}} for
 * an active token of that community, failure 401 otherwise (the same answer for a wrong, revoked or
 * other community's token), 503 when the store fails. Only the token's hash is looked up.
 */
public final class WebSignInVerticle extends VerticleBase {

  private final IdentityStore store;

  public WebSignInVerticle(IdentityStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Future<?> start() {
    return vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.IDENTITY_SIGN_IN, this::check)
        .completion();
  }

  private void check(Message<JsonObject> message) {
    JsonObject body = message.body();
    Object token = body == null ? null : body.getValue("token");
    Object community = body == null ? null : body.getValue("community");
    if (!(token instanceof String t)
        || !(community instanceof String c)
        || !t.startsWith(Secrets.TOKEN_PREFIX)
        || t.length() > 200) {
      message.fail(401, "not a web-chat token");
      return;
    }
    store
        .activeToken(Secrets.sha256(t))
        .onSuccess(
            found -> {
              if (found.isEmpty() || !found.get().community().equals(c)) {
                message.fail(401, "no active web-chat token of community " + c);
                return;
              }
              message.reply(
                  new JsonObject()
                      .put(
                          "user",
                          dev.chorus.event.Platforms.WEB_SIGNED_IN_PREFIX
                              + found.get().userName().toLowerCase(java.util.Locale.ROOT))
                      .put("name", found.get().userName())
                      .put("level", found.get().level().wire())
                      .put("tokenId", found.get().id()));
            })
        .onFailure(e -> message.fail(503, "identity store unavailable"));
  }
}
