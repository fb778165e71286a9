package dev.chorus.store;

import dev.chorus.command.sql.SqlCommandStore;
import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.identity.CachingIdentityStore;
import dev.chorus.identity.IdentityStore;
import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Options;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.store.pg.PgOptions;
import dev.chorus.store.redis.RedisOptions;
import dev.chorus.store.redis.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the stores of the configured storage profile.
 *
 * <ul>
 *   <li>{@code embedded}: one H2 file database under {@code data.dir} for every relational store,
 *       state in process.
 *   <li>{@code cluster}: one PostgreSQL pool ({@code pg.*}, schema migrated at start-up under an
 *       advisory lock) for every relational store, Redis ({@code redis.*}) for state. The log's
 *       partitions are maintained at start-up and every {@code log.maintenanceMinutes}.
 * </ul>
 *
 * In both, identity sits behind the in-process cache ({@code identity.cacheSize}, 0 turns it off),
 * invalidated through {@code chorus.changed.identity}.
 */
public final class StoreFactory {

  private static final Logger LOG = LoggerFactory.getLogger(StoreFactory.class);

  /** How long a cached identity lives without an invalidation. */
  private static final Duration IDENTITY_TTL = Duration.ofMinutes(10);

  private StoreFactory() {}

  public static Future<Stores> open(Vertx vertx, ChorusConfig config) {
    return config.storage().isCluster() ? cluster(vertx, config) : embedded(vertx, config);
  }

  private static Future<Stores> embedded(Vertx vertx, ChorusConfig config) {
    return H2Database.open(
            vertx, H2Options.file(config.dataDir(), "chorus", config.storage().h2PoolSize()))
        .map(
            db -> {
              Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();
              checks.put("h2", db::check);
              List<Supplier<Future<Void>>> closers = new ArrayList<>();
              closers.add(db::close);
              IdentityStore identity =
                  cached(vertx, config, new SqlIdentityStore(db.sql()), closers);
              return new Stores(
                  "embedded",
                  new H2InteractionLog(db),
                  identity,
                  new SqlCommunityStore(db.sql()),
                  new SqlCommandStore(db.sql()),
                  new SqlFactStore(db.sql()),
                  new InProcessStateStore(config.storage().redis().keyPrefix()),
                  checks,
                  closers);
            });
  }

  private static Future<Stores> cluster(Vertx vertx, ChorusConfig config) {
    ChorusConfig.Storage storage = config.storage();
    return PgDatabase.open(vertx, pgOptions(storage.pg()))
        .compose(
            pg ->
                RedisStore.open(vertx, redisOptions(storage.redis()))
                    .recover(e -> pg.close().transform(ignored -> Future.failedFuture(e)))
                    .compose(
                        redis -> {
                          PgInteractionLog log =
                              new PgInteractionLog(
                                  pg.pool(),
                                  Clock.systemUTC(),
                                  config.log().partitionsAhead(),
                                  config.log().retentionDays());
                          return log.maintain()
                              .recover(
                                  e ->
                                      pg.close()
                                          .eventually(redis::close)
                                          .transform(
                                              ignored ->
                                                  Future.failedFuture(
                                                      new IllegalStateException(
                                                          "interaction log partition maintenance failed: "
                                                              + e.getMessage(),
                                                          e))))
                              .map(
                                  report -> {
                                    LOG.info(
                                        "PostgreSQL schema {} ready; log partitions created {}, dropped {}",
                                        pg.schema(),
                                        report.created(),
                                        report.dropped());
                                    Map<String, Supplier<Future<Void>>> checks =
                                        new LinkedHashMap<>();
                                    checks.put("postgres", pg::check);
                                    checks.put("redis", redis::check);
                                    List<Supplier<Future<Void>>> closers = new ArrayList<>();
                                    closers.add(pg::close);
                                    closers.add(redis::close);
                                    long maintenanceMs =
                                        config.log().maintenanceMinutes() * 60_000L;
                                    if (maintenanceMs > 0) {
                                      long timer =
                                          vertx.setPeriodic(
                                              maintenanceMs,
                                              maintenanceMs,
                                              id ->
                                                  log.maintain()
                                                      .onSuccess(
                                                          done ->
                                                              LOG.info(
                                                                  "log partitions created {}, dropped {}",
                                                                  done.created(),
                                                                  done.dropped()))
                                                      .onFailure(
                                                          e ->
                                                              LOG.warn(
                                                                  "log partition maintenance failed: {}",
                                                                  e.getMessage())));
                                      closers.add(
                                          () -> {
                                            vertx.cancelTimer(timer);
                                            return Future.succeededFuture();
                                          });
                                    }
                                    IdentityStore identity =
                                        cached(
                                            vertx, config, new SqlIdentityStore(pg.sql()), closers);
                                    return new Stores(
                                        "cluster",
                                        log,
                                        identity,
                                        new SqlCommunityStore(pg.sql()),
                                        new SqlCommandStore(pg.sql()),
                                        new SqlFactStore(pg.sql()),
                                        new RedisStateStore(
                                            redis.client(), storage.redis().keyPrefix()),
                                        checks,
                                        closers);
                                  });
                        }));
  }

  /** The plumbing's options from the application's {@code pg.*}. */
  public static PgOptions pgOptions(ChorusConfig.Pg pg) {
    return new PgOptions(
        pg.url(), pg.user(), pg.password(), pg.schema(), pg.poolSize(), pg.connectTimeoutMs());
  }

  /** The plumbing's options from the application's {@code redis.*}. */
  public static RedisOptions redisOptions(ChorusConfig.Redis redis) {
    return new RedisOptions(redis.url(), redis.poolSize(), redis.keyPrefix());
  }

  private static IdentityStore cached(
      Vertx vertx, ChorusConfig config, IdentityStore store, List<Supplier<Future<Void>>> closers) {
    int size = config.stages().identityCacheSize();
    if (size == 0) {
      return store;
    }
    CachingIdentityStore cached =
        new CachingIdentityStore(store, vertx.eventBus(), size, IDENTITY_TTL);
    closers.add(cached::close);
    return cached;
  }
}
