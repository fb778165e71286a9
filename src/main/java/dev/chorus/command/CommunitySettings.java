package dev.chorus.command;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.community.CommunityStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The community settings the command stage reads — its prefix ({@code command.prefix}) and when the
 * stream went live ({@code stream.startedAt}, ISO-8601) — cached briefly in process, because every
 * chat message needs the prefix. Without a community store, or when it fails, the defaults apply.
 */
public final class CommunitySettings {

  public static final String PREFIX = "command.prefix";
  public static final String STARTED_AT = "stream.startedAt";
  private static final Logger LOG = LoggerFactory.getLogger(CommunitySettings.class);

  private final CommunityStore store;
  private final String defaultPrefix;
  private final Cache<String, Map<String, String>> cache;

  /**
   * @param store may be {@code null}: every community has the defaults
   */
  public CommunitySettings(CommunityStore store, String defaultPrefix, Duration ttl) {
    this.store = store;
    this.defaultPrefix = defaultPrefix;
    this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
  }

  public Future<String> prefix(String community) {
    return settings(community).map(s -> validPrefix(s.get(PREFIX)).orElse(defaultPrefix));
  }

  /** When the stream went live, empty when it is not live (or nobody said). */
  public Future<Optional<Instant>> startedAt(String community) {
    return settings(community)
        .map(
            s -> {
              String v = s.get(STARTED_AT);
              try {
                return v == null || v.isBlank() ? Optional.empty() : Optional.of(Instant.parse(v));
              } catch (RuntimeException e) {
                return Optional.empty();
              }
            });
  }

  /**
   * Records that the stream of {@code community} went live at {@code at} ({@code stream.online}).
   * Idempotent: the same event routed again writes the same value. Without a store it fails.
   */
  public Future<Void> streamStarted(String community, Instant at) {
    if (store == null) {
      return Future.failedFuture(new IllegalStateException("no community store"));
    }
    return store
        .putSetting(community, STARTED_AT, at.toString())
        .onComplete(r -> invalidate(community));
  }

  /** Records that the stream of {@code community} ended ({@code stream.offline}). */
  public Future<Void> streamEnded(String community) {
    if (store == null) {
      return Future.failedFuture(new IllegalStateException("no community store"));
    }
    return store
        .removeSetting(community, STARTED_AT)
        .<Void>mapEmpty()
        .onComplete(r -> invalidate(community));
  }

  /** Forgets the cached settings of {@code community} (after a change made here). */
  public void invalidate(String community) {
    cache.invalidate(community);
  }

  /** A usable prefix: 1 to 3 characters, no white space. */
  public static Optional<String> validPrefix(String p) {
    if (p == null || p.isEmpty() || p.length() > 3 || p.chars().anyMatch(Character::isWhitespace)) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  private Future<Map<String, String>> settings(String community) {
    Map<String, String> cached = cache.getIfPresent(community);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    if (store == null) {
      return Future.succeededFuture(Map.of());
    }
    return store
        .settings(community)
        .map(
            s -> {
              Map<String, String> copy = Map.copyOf(s);
              cache.put(community, copy);
              return copy;
            })
        .recover(
            e -> {
              LOG.warn(
                  "settings of community {} unavailable, defaults apply: {}",
                  community,
                  e.toString());
              return Future.succeededFuture(Map.of());
            });
  }
}
