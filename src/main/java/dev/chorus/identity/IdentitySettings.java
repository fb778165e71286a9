package dev.chorus.identity;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.community.CommunityChanges;
import dev.chorus.community.CommunityStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity settings of each community ({@link CommunityIdentity}), cached in process so that
 * the stage's hit path stays free of queries: a miss reads the community's settings once, a change
 * through the admin API ({@code chorus.changed.community}) evicts it on every node, and entries
 * expire after {@code ttl} in case a change was missed. When the store fails, the community is
 * treated as configuring nothing (built-in pronouns, platform roles unmapped) and a warning logged.
 */
final class IdentitySettings {

  private static final Logger LOG = LoggerFactory.getLogger(IdentitySettings.class);

  /** For tests and processes without a community store: every community configures nothing. */
  static final IdentitySettings NONE = new IdentitySettings(null, Duration.ofSeconds(1));

  private final CommunityStore store;
  private final Cache<String, CommunityIdentity> cache;

  IdentitySettings(CommunityStore store, Duration ttl) {
    this.store = store;
    this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
  }

  /** Listens for community changes on this Vert.x (call once per process). */
  Future<Void> follow(Vertx vertx) {
    return vertx
        .eventBus()
        .<Object>consumer(
            CommunityChanges.ADDRESS,
            msg -> {
              if (msg.body() instanceof JsonObject o
                  && o.getValue("community") instanceof String c) {
                cache.invalidate(c);
              } else {
                cache.invalidateAll();
              }
            })
        .completion();
  }

  Future<CommunityIdentity> of(String community) {
    CommunityIdentity hit = cache.getIfPresent(community);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    if (store == null) {
      return Future.succeededFuture(CommunityIdentity.NONE);
    }
    return store
        .settings(community)
        .map(
            s -> {
              CommunityIdentity read = CommunityIdentity.of(s);
              cache.put(community, read);
              return read;
            })
        .recover(
            err -> {
              LOG.warn(
                  "identity settings of {} not read, using none: {}",
                  kv("community", community),
                  err.toString());
              return Future.succeededFuture(CommunityIdentity.NONE);
            });
  }

  void invalidate(String community) {
    cache.invalidate(community);
  }
}
