package dev.chorus.identity;

import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Checks web-chat sign-in tokens for the gateway on {@link Addresses#IDENTITY_SIGN_IN}: body {@code
 * {"community", "token"}}; reply {@code {"user": "signed:<name>", "name", "level", "tokenId"}} for
 * an active {@code chat} key of that community, failure 401 otherwise (the same answer for a wrong,
 * revoked, other community's or other scope's key), 503 when the access role does not answer.
 *
 * <p>The tokens are keys of the access model (decision 124): this asks the access role ({@link
 * Addresses#ACCESS_VERIFY}) with the token's hash only, and answers in the form the gateway knows.
 */
public final class WebSignInVerticle extends VerticleBase {

  /**
   * Prefix of tokens made before they were keys ({@code chorus_wt_}); new ones are {@code chk_}.
   */
  private static final String OLD_PREFIX = Secrets.TOKEN_PREFIX;

  private static final String KEY_PREFIX = "chk_";
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

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
        || !(t.startsWith(OLD_PREFIX) || t.startsWith(KEY_PREFIX))
        || t.length() > 200) {
      message.fail(401, "not a web-chat token");
      return;
    }
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.ACCESS_VERIFY, new JsonObject().put("key", Secrets.sha256(t)), ASK)
        .onSuccess(
            reply -> {
              JsonObject key = reply.body();
              String name = key == null ? null : key.getString("name");
              if (key == null
                  || !"chat".equals(key.getString("scope"))
                  || !c.equals(key.getString("community"))
                  || name == null) {
                message.fail(401, "no active web-chat token of community " + c);
                return;
              }
              message.reply(
                  new JsonObject()
                      .put(
                          "user",
                          dev.chorus.event.Platforms.WEB_SIGNED_IN_PREFIX
                              + name.toLowerCase(Locale.ROOT))
                      .put("name", name)
                      .put("level", key.getString("level"))
                      .put("tokenId", key.getString("id")));
            })
        .onFailure(
            e -> {
              if (e instanceof ReplyException r
                  && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
                  && r.failureCode() == 401) {
                message.fail(401, "no active web-chat token of community " + c);
              } else {
                message.fail(503, "the access check did not answer");
              }
            });
  }
}
