package dev.chorus.ops;

import dev.chorus.access.ApiKeys;
import dev.chorus.access.sql.SqlApiKeys;
import dev.chorus.collector.twitch.token.TwitchTokens;
import dev.chorus.collector.twitch.token.sql.SqlTwitchTokens;
import dev.chorus.command.CommandStore;
import dev.chorus.command.sql.SqlCommandStore;
import dev.chorus.community.CommunityStore;
import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.identity.CachingIdentityStore;
import dev.chorus.identity.IdentityStore;
import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.interactions.pg.PgInteractionLog;
import dev.chorus.knowledge.FactStore;
import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.state.StateStore;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Options;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.store.redis.RedisStore;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of adapters to ports — the one place that knows which adapter serves which port in
 * each storage profile — and the resources behind them. Opens only what the requested ports need: a
 * process whose roles use no relational port opens no database, one that uses no state opens no
 * Redis.
 *
 * <ul>
 *   <li>{@code embedded}: one H2 file database under {@code data.dir} for every relational port,
 *       state in process.
 *   <li>{@code cluster}: one PostgreSQL pool (schema migrated at start-up) for every relational
 *       port, Redis for state; the log's partitions are maintained at start-up and every {@code
 *       log.maintenanceMinutes}.
 * </ul>
 *
 * Identity sits behind the in-process cache ({@code identity.cacheSize}; 0 turns it off).
 */
public final class Ports {

  private static final Logger LOG = LoggerFactory.getLogger(Ports.class);
  private static final Duration IDENTITY_TTL = Duration.ofMinutes(10);
  private static final Set<Class<?>> RELATIONAL =
      Set.of(
          InteractionLog.class,
          IdentityStore.class,
          CommunityStore.class,
          CommandStore.class,
          FactStore.class,
          TwitchTokens.class,
          ApiKeys.class);

  private final Map<Class<?>, Object> adapters = new LinkedHashMap<>();
  private final List<Supplier<Future<Void>>> closers = new ArrayList<>();

  /** Readiness of each opened resource, by name. */
  private final Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();

  private final String profile;

  private Ports(String profile) {
    this.profile = profile;
  }

  /**
   * Opens the resources the {@code needed} ports use and binds their adapters; {@link
   * #registerReadiness} then adds one check per resource.
   */
  public static Future<Ports> open(Vertx vertx, ChorusConfig config, Set<Class<?>> needed) {
    for (Class<?> port : needed) {
      if (!RELATIONAL.contains(port) && port != StateStore.class) {
        return Future.failedFuture(new IllegalStateException("no adapter for port " + port));
      }
    }
    ChorusConfig.Storage storage = config.storage();
    Ports ports = new Ports(storage.profile());
    boolean relational = needed.stream().anyMatch(RELATIONAL::contains);
    Future<Void> opened =
        storage.isCluster()
            ? ports.cluster(vertx, config, needed, relational)
            : ports.embedded(vertx, config, needed, relational);
    return opened
        .map(v -> ports)
        .recover(e -> ports.close().transform(ignored -> Future.failedFuture(e)));
  }

  private Future<Void> embedded(
      Vertx vertx, ChorusConfig config, Set<Class<?>> needed, boolean relational) {
    if (needed.contains(StateStore.class)) {
      InProcessStateStore state = new InProcessStateStore(config.storage().redis().keyPrefix());
      bind(StateStore.class, state);
    }
    if (!relational) {
      return Future.succeededFuture();
    }
    return H2Database.open(
            vertx, H2Options.file(config.dataDir(), "chorus", config.storage().h2PoolSize()))
        .map(
            db -> {
              closers.add(db::close);
              checks.put("h2", db::check);
              bindRelational(vertx, config, needed, new H2InteractionLog(db), db.sql());
              return null;
            });
  }

  private Future<Void> cluster(
      Vertx vertx, ChorusConfig config, Set<Class<?>> needed, boolean relational) {
    ChorusConfig.Storage storage = config.storage();
    Future<Void> chain = Future.succeededFuture();
    if (needed.contains(StateStore.class)) {
      chain =
          chain.compose(
              v ->
                  RedisStore.open(vertx, storage.redis())
                      .map(
                          redis -> {
                            closers.add(redis::close);
                            checks.put("redis", redis::check);
                            bind(
                                StateStore.class,
                                new RedisStateStore(redis.client(), storage.redis().keyPrefix()));
                            return null;
                          }));
    }
    if (relational) {
      chain =
          chain.compose(
              v ->
                  PgDatabase.open(vertx, storage.pg())
                      .compose(
                          pg -> {
                            closers.add(pg::close);
                            checks.put("postgres", pg::check);
                            PgInteractionLog log =
                                new PgInteractionLog(
                                    pg.pool(),
                                    Clock.systemUTC(),
                                    storage.log().partitionsAhead(),
                                    storage.log().retentionDays());
                            bindRelational(vertx, config, needed, log, pg.sql());
                            return needed.contains(InteractionLog.class)
                                ? maintainLog(vertx, storage.log(), log, pg.schema())
                                : Future.<Void>succeededFuture();
                          }));
    }
    return chain;
  }

  private Future<Void> maintainLog(
      Vertx vertx, ChorusConfig.LogStorage settings, PgInteractionLog log, String schema) {
    return log.maintain()
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "interaction log partition maintenance failed: " + e.getMessage(), e)))
        .map(
            report -> {
              LOG.info(
                  "PostgreSQL schema {} ready; log partitions created {}, dropped {}",
                  schema,
                  report.created(),
                  report.dropped());
              long every = settings.maintenanceMinutes() * 60_000L;
              if (every > 0) {
                long timer =
                    vertx.setPeriodic(
                        every,
                        every,
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
              return null;
            });
  }

  /**
   * The interaction log has a tuned adapter per database; the other ports share one SQL adapter.
   */
  private void bindRelational(
      Vertx vertx, ChorusConfig config, Set<Class<?>> needed, InteractionLog log, SqlDatabase sql) {
    bindIf(needed, InteractionLog.class, () -> log);
    if (needed.contains(IdentityStore.class)) {
      IdentityStore identity = new SqlIdentityStore(sql);
      int size = config.storage().identityCacheSize();
      if (size > 0) {
        CachingIdentityStore cached =
            new CachingIdentityStore(identity, vertx.eventBus(), size, IDENTITY_TTL);
        closers.add(cached::close);
        identity = cached;
      }
      bind(IdentityStore.class, identity);
    }
    bindIf(needed, CommunityStore.class, () -> new SqlCommunityStore(sql));
    bindIf(needed, CommandStore.class, () -> new SqlCommandStore(sql));
    bindIf(needed, FactStore.class, () -> new SqlFactStore(sql));
    bindIf(
        needed,
        TwitchTokens.class,
        () ->
            config
                .secrets()
                .<TwitchTokens>map(box -> new SqlTwitchTokens(sql, box))
                .orElseGet(
                    () ->
                        TwitchTokens.unavailable(
                            "no secrets.key: set CHORUS_SECRETS_KEY to store Twitch tokens")));
    bindIf(needed, ApiKeys.class, () -> new SqlApiKeys(sql));
  }

  private <T> void bindIf(Set<Class<?>> needed, Class<T> port, Supplier<? extends T> adapter) {
    if (needed.contains(port)) {
      bind(port, adapter.get());
    }
  }

  private <T> void bind(Class<T> port, T adapter) {
    adapters.put(port, adapter);
  }

  /** Registers the opened resources' checks ({@code h2}, {@code postgres}, {@code redis}). */
  void registerReadiness(Readiness readiness) {
    checks.forEach(readiness::register);
  }

  /** The adapter bound to {@code port}. */
  public <T> T get(Class<T> port) {
    Object adapter = adapters.get(port);
    if (adapter == null) {
      throw new IllegalStateException(
          "port " + port.getSimpleName() + " is not open in this process");
    }
    return port.cast(adapter);
  }

  /** Whether this process opened {@code port}. */
  public boolean has(Class<?> port) {
    return adapters.containsKey(port);
  }

  /** {@code embedded} or {@code cluster}. */
  public String profile() {
    return profile;
  }

  /** Closes every resource, last opened first; a failing close does not stop the others. */
  public Future<Void> close() {
    List<Supplier<Future<Void>>> reversed = new ArrayList<>(closers);
    Collections.reverse(reversed);
    closers.clear();
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<Void>> closer : reversed) {
      chain = chain.eventually(() -> closer.get().recover(e -> Future.succeededFuture()));
    }
    return chain;
  }
}
