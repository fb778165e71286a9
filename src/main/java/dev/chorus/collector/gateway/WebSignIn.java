package dev.chorus.collector.gateway;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Envelope;
import dev.chorus.event.Platforms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Signed-in web-chat connections: {@code /ws/chat?community=<id>&token=<web-chat token>} is checked
 * once, at the upgrade, by the identity role ({@link Addresses#IDENTITY_SIGN_IN}); every frame of
 * that connection for that community then speaks as the token's user ({@code signed:<name>}, roles
 * {@code <level>} and {@link Platforms#WEB_SIGNED_IN}), whatever user the frame names. Anonymous
 * frames never carry roles, and may not use the {@code signed:} user ids.
 */
final class WebSignIn {

  /** Error code of a frame using a signed-in user id on an anonymous connection. */
  static final String RESERVED_USER = "reserved_user";

  /** The user a connection signed in as, and the id of the token it used. */
  record SignedIn(String community, String userId, String name, String level, String tokenId) {}

  private static final DeliveryOptions CHECK = new DeliveryOptions().setSendTimeout(5_000);

  private WebSignIn() {}

  /** The token's user, or a failure (401 from the identity role: not a valid token here). */
  static Future<SignedIn> check(Vertx vertx, String community, String token) {
    if (community == null || token == null || token.length() > 200) {
      return Future.failedFuture(new IllegalArgumentException("community and token are required"));
    }
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.IDENTITY_SIGN_IN,
            new JsonObject().put("community", community).put("token", token),
            CHECK)
        .map(
            reply ->
                new SignedIn(
                    community,
                    reply.body().getString("user"),
                    reply.body().getString("name"),
                    reply.body().getString("level"),
                    reply.body().getString("tokenId")));
  }

  /** The frame's envelope as this connection may send it, or null when it must be refused. */
  static Envelope apply(Envelope e, SignedIn signedIn) {
    if (signedIn != null && signedIn.community().equals(e.community())) {
      return withAuthor(
          e,
          new Author(
              signedIn.userId(),
              signedIn.name(),
              signedIn.name(),
              List.of(signedIn.level(), Platforms.WEB_SIGNED_IN)));
    }
    return e.author().id().startsWith(Platforms.WEB_SIGNED_IN_PREFIX) ? null : e;
  }

  private static Envelope withAuthor(Envelope e, Author author) {
    return new Envelope(
        e.id(),
        e.v(),
        e.type(),
        e.community(),
        e.platform(),
        e.channel(),
        author,
        e.text(),
        e.raw(),
        e.context(),
        e.replies(),
        e.slip(),
        e.trace(),
        e.receivedAt(),
        e.origin());
  }
}
