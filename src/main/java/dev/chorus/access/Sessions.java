package dev.chorus.access;

import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Dashboard sessions and the sign-in failure counts, in the shared {@link StateStore} (in process
 * in the embedded profile, Redis in the cluster one), so any HTTP instance of any process knows a
 * session another made. A session is stored under the SHA-256 of its token with the key's id,
 * scope, community, the hash of the key that opened it and its CSRF token; it expires after {@link
 * #TTL}.
 */
public final class Sessions {

  /** The session cookie (HttpOnly, SameSite=Strict, Secure over TLS). */
  public static final String COOKIE = "chorus_session";

  /** The header that carries the session's CSRF token on state-changing requests. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** How long a session lasts. */
  public static final Duration TTL = Duration.ofHours(8);

  /** The state store's namespace for access data (not a community id: those cannot start so). */
  static final String SPACE = "_access";

  private final StateStore state;
  private final SecureRandom random;

  public Sessions(StateStore state, SecureRandom random) {
    this.state = state;
    this.random = random;
  }

  /** A session opened with a key: the token and the principal with its CSRF token. */
  public record Opened(String token, Principal principal) {}

  /**
   * Opens a session for {@code principal}, who signed in with the key hashing to {@code keyHash}.
   */
  public Future<Opened> open(Principal principal, String keyHash) {
    String token = token();
    Principal withCsrf = principal.withCsrf(token());
    JsonObject stored = withCsrf.toJson().put("keyHash", keyHash);
    return state
        .put(SPACE, "session:" + ApiKeys.hash(token), stored.encode(), TTL)
        .map(v -> new Opened(token, withCsrf));
  }

  /** The stored session under {@code tokenHash}: its principal and {@code keyHash}. */
  public Future<Optional<JsonObject>> find(String tokenHash) {
    return state
        .get(SPACE, "session:" + tokenHash)
        .map(
            value ->
                value.flatMap(
                    text -> {
                      try {
                        return Optional.of(new JsonObject(text));
                      } catch (DecodeException e) {
                        return Optional.empty();
                      }
                    }));
  }

  /** Ends the session; true when it existed. */
  public Future<Boolean> close(String tokenHash) {
    return state.delete(SPACE, "session:" + tokenHash);
  }

  /** Failed sign-ins from {@code client} in the current window. */
  public Future<Long> failures(String client) {
    return state.counter(SPACE, "signin-failed:" + client);
  }

  /**
   * Counts a failed sign-in from {@code client}; the count expires {@code window} after the first.
   */
  public Future<Long> failed(String client, Duration window) {
    return state.incrementWithin(SPACE, "signin-failed:" + client, 1, window);
  }

  /**
   * Counts a refused bearer key from {@code client} (the API's key-guessing limit); the count
   * expires {@code window} after the first.
   */
  public Future<Long> bearerFailed(String client, Duration window) {
    return state.incrementWithin(SPACE, "bearer-failed:" + client, 1, window);
  }

  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
