package dev.chorus.moderation;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.community.CommunityStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each community's compiled moderation rules, read from the community's {@code moderation} setting
 * ({@link ModerationSettingsJson}: only what the community changed; the rest takes the defaults)
 * and cached for a short while, so a message costs no store read. A community without the setting
 * gets {@link ModerationSettings#defaults()} — moderation is on for a new community. A stored value
 * that no longer parses (written by hand, or by an older version) also falls back to the defaults,
 * with a warning naming the community and the key: stricter than intended, never off. A store that
 * does not answer fails the lookup; the stage then uses the defaults too.
 */
public final class CommunityModeration {

  /** The community setting that holds the moderation settings JSON. */
  public static final String SETTING = "moderation";

  private static final Logger LOG = LoggerFactory.getLogger(CommunityModeration.class);

  private final CommunityStore communities;
  private final Cache<String, Future<ModerationEngine>> engines;
  private final ModerationEngine defaults = new ModerationEngine(ModerationSettings.defaults());

  public CommunityModeration(CommunityStore communities, Duration cacheFor) {
    this.communities = Objects.requireNonNull(communities, "communities");
    this.engines = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(cacheFor).build();
  }

  /** The engine of {@code community}'s current settings (cached). */
  public Future<ModerationEngine> engine(String community) {
    Future<ModerationEngine> cached = engines.getIfPresent(community);
    if (cached != null) {
      return cached;
    }
    Future<ModerationEngine> loading =
        communities.setting(community, SETTING).map(stored -> compile(community, stored));
    engines.put(community, loading);
    loading.onFailure(e -> engines.asMap().remove(community, loading));
    return loading;
  }

  /** The engine of {@code community}, or the defaults' when its settings cannot be read. */
  public Future<ModerationEngine> engineOrDefaults(String community) {
    return engine(community)
        .recover(
            e -> {
              LOG.warn(
                  "moderation settings of {} unavailable, using the defaults: {}",
                  kv("community", community),
                  e.toString());
              return Future.succeededFuture(defaults);
            });
  }

  /** Forgets the cached engine (the settings changed). */
  public void invalidate(String community) {
    engines.invalidate(community);
  }

  /** The engine of the built-in defaults. */
  public ModerationEngine defaults() {
    return defaults;
  }

  private ModerationEngine compile(String community, Optional<String> stored) {
    if (stored.isEmpty() || stored.get().isBlank()) {
      return defaults;
    }
    try {
      return new ModerationEngine(ModerationSettingsJson.read(stored.get()));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "community setting '{}' of {} is invalid, using the defaults: {}",
          SETTING,
          kv("community", community),
          e.getMessage());
      return defaults;
    }
  }
}
