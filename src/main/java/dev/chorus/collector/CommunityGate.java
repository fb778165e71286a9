package dev.chorus.collector;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does a community exist? Asked by {@link IngestClient} for every event before it is journaled, so
 * that no collector accepts or routes an event for a community nobody created.
 *
 * <p>Answers come from a bounded in-process cache; a miss asks the community directory over {@link
 * Addresses#COMMUNITY_LOOKUP} (which answers from memory, never from the database per question).
 * Known communities are cached for {@link #KNOWN_TTL}, unknown ones for {@link #UNKNOWN_TTL}, so a
 * flood of made-up names costs one bus request per name and window. Every change published on
 * {@link #CHANGES} evicts the community at once, cluster-wide; the TTLs only bound staleness when a
 * notification is lost (the event bus delivers at most once). An answer that raced an invalidation
 * is used but not cached. Questions about a community already being asked share the one request in
 * flight, so a burst before the first answer (a raid on a cold process) costs one lookup, not one
 * per message — thousands of requests at once could outlast the lookup timeout under load.
 *
 * <p>When the directory does not answer (no process runs the {@code community} role, or it timed
 * out) the verdict is {@link Verdict#UNAVAILABLE}: the event is refused as retryable, never let
 * through unchecked.
 */
public final class CommunityGate {

  /** Where community changes are published: {@code {"community": id, "exists": bool}}. */
  public static final String CHANGES = Addresses.changed("community");

  public static final Duration KNOWN_TTL = Duration.ofMinutes(5);
  public static final Duration UNKNOWN_TTL = Duration.ofSeconds(10);
  private static final long MAX_ENTRIES = 10_000;
  private static final long LOOKUP_TIMEOUT_MS = 2_000;

  /** What the gate says about one community. */
  public enum Verdict {
    KNOWN,
    UNKNOWN,
    UNAVAILABLE
  }

  private final Vertx vertx;
  private final Cache<String, Boolean> known;
  private final Cache<String, Boolean> unknown;
  private final AtomicLong generation = new AtomicLong();
  private final Map<String, Future<Verdict>> asking = new ConcurrentHashMap<>();
  private final MessageConsumer<JsonObject> changes;
  private final DeliveryOptions lookup = new DeliveryOptions().setSendTimeout(LOOKUP_TIMEOUT_MS);

  public CommunityGate(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.known = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(KNOWN_TTL).build();
    this.unknown =
        Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(UNKNOWN_TTL).build();
    this.changes =
        vertx
            .eventBus()
            .consumer(
                CHANGES,
                message -> {
                  JsonObject change = message.body();
                  String community = change == null ? null : change.getString("community");
                  if (community != null) {
                    evict(community);
                  }
                });
  }

  /** The verdict on {@code community}; a cache hit completes at once, on the caller's thread. */
  public Future<Verdict> check(String community) {
    if (community == null) {
      return Future.succeededFuture(Verdict.UNKNOWN);
    }
    if (known.getIfPresent(community) != null) {
      return Future.succeededFuture(Verdict.KNOWN);
    }
    if (unknown.getIfPresent(community) != null) {
      return Future.succeededFuture(Verdict.UNKNOWN);
    }
    Promise<Verdict> mine = Promise.promise();
    Future<Verdict> inFlight = asking.putIfAbsent(community, mine.future());
    if (inFlight != null) {
      return inFlight;
    }
    long asked = generation.get();
    vertx
        .eventBus()
        .<JsonObject>request(Addresses.COMMUNITY_LOOKUP, community, lookup)
        .onComplete(
            ar -> {
              asking.remove(community, mine.future());
              if (ar.failed() || ar.result().body() == null) {
                mine.complete(Verdict.UNAVAILABLE);
                return;
              }
              boolean exists = ar.result().body().getBoolean("known", false);
              if (generation.get() == asked) {
                (exists ? known : unknown).put(community, Boolean.TRUE);
              }
              mine.complete(exists ? Verdict.KNOWN : Verdict.UNKNOWN);
            });
    return mine.future();
  }

  /** Forgets what is cached about {@code community} (a change notification does this). */
  public void evict(String community) {
    generation.incrementAndGet();
    asking.remove(community);
    known.invalidate(community);
    unknown.invalidate(community);
  }

  /** Completes when the change listener is registered (cluster-wide when clustered). */
  public Future<Void> ready() {
    return changes.completion();
  }

  /** Stops listening for changes. */
  public Future<Void> close() {
    return changes.unregister();
  }
}
