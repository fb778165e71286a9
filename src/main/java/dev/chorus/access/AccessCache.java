package dev.chorus.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The verdicts of the access role ({@link Addresses#ACCESS_VERIFY}) that one process's HTTP
 * instances remember: found by the SHA-256 of a key or session token, good and bad alike, for at
 * most {@link #TTL}. A revocation or sign-out evicts at once in the process that made it ({@link
 * #evictKey}), everywhere else through {@link #CHANGED} (publish) and, should that notice be lost
 * or come from outside the cluster (the {@code keys} command), when the entry expires.
 */
public final class AccessCache implements Shareable {

  /** Change notices: {@code {"key": id}} (revoked) or {@code {"session": hash}} (signed out). */
  public static final String CHANGED = Addresses.API_KEY_CHANGED;

  /** The longest a revoked key keeps working in a process that missed the notice. */
  public static final Duration TTL = Duration.ofSeconds(10);

  /** The window in which refused bearer keys of one client address are counted. */
  public static final Duration GUESS_WINDOW = Duration.ofMinutes(5);

  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);
  private static final String SHARED = "chorus.access";

  private final Vertx vertx;
  private final Cache<String, Optional<Principal>> verdicts;
  private final Ticker ticker;

  /** Client addresses refused for guessing, with the nano time their block ends. */
  private final Cache<String, Long> blocked;

  /** Refused keys per address, counted here while no access role answers. */
  private final Cache<String, AtomicLong> localFailures;

  AccessCache(Vertx vertx, Ticker ticker) {
    this.vertx = vertx;
    this.ticker = ticker;
    this.verdicts =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).ticker(ticker).build();
    this.blocked =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(GUESS_WINDOW)
            .ticker(ticker)
            .build();
    this.localFailures =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(GUESS_WINDOW)
            .ticker(ticker)
            .build();
  }

  /**
   * Seconds until {@code client} may present bearer keys again, 0 when it may now (it is not
   * blocked for guessing).
   */
  public long blockedSeconds(String client) {
    Long until = blocked.getIfPresent(client);
    if (until == null) {
      return 0;
    }
    long left = until - ticker.read();
    return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left + 999_999_999L));
  }

  /**
   * Counts a refused bearer key from {@code client}: in the shared state store through the access
   * role ({@link Addresses#ACCESS_FAILED}), here alone when no access role answers. From {@code
   * max} failures in {@link #GUESS_WINDOW} on, the address is blocked in this process for the rest
   * of a window ({@link #blockedSeconds}); another process blocks it at the first refusal it counts
   * past the limit. Yields the count.
   */
  public Future<Long> refused(String client, int max) {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.ACCESS_FAILED, new JsonObject().put("client", client), ASK)
        .map(reply -> reply.body().getLong("failures", 0L))
        .recover(
            e ->
                Future.succeededFuture(
                    localFailures.get(client, c -> new AtomicLong()).incrementAndGet()))
        .onSuccess(
            n -> {
              if (n >= max && blocked.getIfPresent(client) == null) {
                blocked.put(client, ticker.read() + GUESS_WINDOW.toNanos());
              }
            });
  }

  /** The process's cache (one per Vert.x instance, shared by its HTTP instances). */
  public static AccessCache shared(Vertx vertx) {
    var map = vertx.sharedData().<String, AccessCache>getLocalMap(SHARED);
    AccessCache fresh = new AccessCache(vertx, Ticker.systemTicker());
    AccessCache earlier = map.putIfAbsent("cache", fresh);
    return earlier != null ? earlier : fresh;
  }

  /**
   * Listens for change notices on the caller's context (an HTTP instance registers one; when it
   * stops, its listener goes with it).
   */
  public Future<Void> listen() {
    return vertx.eventBus().<JsonObject>consumer(CHANGED, m -> apply(m.body())).completion();
  }

  /** Publishes a revocation to every process and evicts it here at once. */
  public static void publishRevoked(Vertx vertx, String keyId) {
    JsonObject notice = new JsonObject().put("key", keyId);
    shared(vertx).apply(notice);
    vertx.eventBus().publish(CHANGED, notice);
  }

  /** Publishes a sign-out to every process and evicts it here at once. */
  public static void publishSignedOut(Vertx vertx, String sessionHash) {
    JsonObject notice = new JsonObject().put("session", sessionHash);
    shared(vertx).apply(notice);
    vertx.eventBus().publish(CHANGED, notice);
  }

  void apply(JsonObject notice) {
    if (notice == null) {
      return;
    }
    String session = notice.getString("session");
    if (session != null) {
      verdicts.invalidate("s:" + session);
    }
    String key = notice.getString("key");
    if (key != null) {
      verdicts.asMap().values().removeIf(v -> v.isPresent() && key.equals(v.get().keyId()));
    }
  }

  /** The principal of an API key's secret; empty when it is not an active key. */
  public Future<Optional<Principal>> key(String secret) {
    return ask("k:", "key", ApiKeys.hash(secret));
  }

  /** The principal of a dashboard session token; empty when it is no live session. */
  public Future<Optional<Principal>> session(String token) {
    return ask("s:", "session", ApiKeys.hash(token));
  }

  private Future<Optional<Principal>> ask(String prefix, String field, String hash) {
    Optional<Principal> known = verdicts.getIfPresent(prefix + hash);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.ACCESS_VERIFY, new JsonObject().put(field, hash), ASK)
        .map(reply -> Optional.ofNullable(Principal.fromJson(reply.body())))
        .recover(
            e ->
                e instanceof ReplyException r
                        && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
                        && r.failureCode() == 401
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(e))
        .onSuccess(verdict -> verdicts.put(prefix + hash, verdict));
  }
}
