package dev.chorus.ops.config;

import dev.chorus.config.ConfigException;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.ops.http.HttpHardening;
import dev.chorus.store.crypto.SecretBox;
import dev.chorus.store.pg.PgOptions;
import dev.chorus.store.redis.RedisOptions;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole typed configuration of one process, validated at start-up: the core sections and, for
 * every registered module, its own options. Built from {@link Settings}; a bad value stops start-up
 * with one line naming the key.
 *
 * @param modules the modules this process runs (its roles), each with its options, in deployment
 *     order
 * @param secrets encrypts stored platform tokens ({@code CHORUS_SECRETS_KEY}); empty without a key
 */
public record ChorusConfig(
    Set<String> roles,
    Cluster cluster,
    Http http,
    Path dataDir,
    Storage storage,
    String adminKey,
    Logging logging,
    boolean eventBusMetrics,
    long drainMs,
    long notReadyMs,
    List<Configured<?>> modules,
    Optional<SecretBox> secrets) {

  /**
   * Hazelcast and the clustered event bus: the cluster name, discovery (TCP-IP {@code members} or
   * Kubernetes), where to bind ({@code host}, {@code port}, {@code eventBusPort}), the address
   * others reach this member at ({@code publicHost}), and failure detection.
   */
  public record Cluster(
      boolean enabled,
      String name,
      List<String> members,
      int port,
      String host,
      boolean kubernetes,
      String kubernetesService,
      String kubernetesNamespace,
      String publicHost,
      int eventBusPort,
      int heartbeatSeconds,
      int maxNoHeartbeatSeconds) {}

  /** The HTTP port, and its hardening ({@code http.*} keys of {@link HttpHardening}). */
  public record Http(
      String host,
      int port,
      int instances,
      int maxWebSocketMessageBytes,
      HttpHardening hardening) {}

  /** Log retention and partition upkeep (the cluster profile's partitioned log). */
  public record LogStorage(int retentionDays, int partitionsAhead, int maintenanceMinutes) {}

  /**
   * Which adapters back the ports: {@code embedded} (H2 + in-process) or {@code cluster}
   * (PostgreSQL + Redis).
   */
  public record Storage(
      String profile,
      PgOptions pg,
      RedisOptions redis,
      int h2PoolSize,
      int identityCacheSize,
      LogStorage log) {
    public boolean isCluster() {
      return "cluster".equals(profile);
    }
  }

  public record Logging(String format, String level) {}

  /** A module this process runs, with its validated options. */
  public record Configured<O>(ChorusModule<O> module, O options) {

    public Future<Void> deploy(ModuleContext context) {
      return module.deploy(context, options);
    }

    public String name() {
      return module.name();
    }
  }

  public boolean runs(String role) {
    return roles.contains(role);
  }

  /** Loads the layered settings ({@link Settings#load}) for {@code modules} and validates them. */
  public static ChorusConfig load(
      String[] args, Map<String, String> env, List<? extends ChorusModule<?>> modules) {
    return from(Settings.load(args, env, CoreKeys.with(modules)), modules);
  }

  /** Defaults plus {@code overrides} (tests). */
  public static ChorusConfig of(
      Map<String, String> overrides, List<? extends ChorusModule<?>> modules) {
    return from(Settings.of(CoreKeys.with(modules), overrides), modules);
  }

  public static ChorusConfig from(Settings s, List<? extends ChorusModule<?>> modules) {
    Set<String> roles = roles(s, modules);
    Cluster cluster =
        new Cluster(
            s.bool("cluster.enabled"),
            s.nonBlank("cluster.name"),
            s.list("cluster.members"),
            s.integer("cluster.port", 1, 65535),
            s.nonBlank("cluster.host"),
            s.bool("cluster.kubernetes"),
            s.string("cluster.kubernetesService").trim(),
            s.string("cluster.kubernetesNamespace").trim(),
            s.string("cluster.publicHost").isBlank()
                ? s.nonBlank("cluster.host")
                : s.string("cluster.publicHost").trim(),
            s.integer("cluster.eventBusPort", 0, 65535),
            s.integer("cluster.heartbeatSeconds", 1, 60),
            s.integer("cluster.maxNoHeartbeatSeconds", 2, 600));
    s.require(
        cluster.maxNoHeartbeatSeconds() > cluster.heartbeatSeconds(),
        "cluster.maxNoHeartbeatSeconds",
        "must be more than cluster.heartbeatSeconds");
    s.require(
        cluster.name().matches("[A-Za-z0-9._-]{1,64}"),
        "cluster.name",
        "must be 1 to 64 letters, digits, '.', '_' or '-'");
    Http http =
        new Http(
            s.nonBlank("http.host"),
            s.integer("http.port", 0, 65535),
            s.integer("http.instances", 1, 64),
            s.integer("http.maxWebSocketMessageBytes", 1024, 64 * 1024 * 1024),
            HttpHardening.from(s));
    s.require(
        s.nonBlank("pg.schema").matches("[a-z_][a-z0-9_]{0,62}"),
        "pg.schema",
        "must be a lower-case SQL identifier");
    String pgUrl = s.nonBlank("pg.url");
    s.require(
        pgUrl.startsWith("postgresql://") || pgUrl.startsWith("postgres://"),
        "pg.url",
        "must start with postgresql://");
    Storage storage =
        new Storage(
            s.oneOf("storage.profile", "embedded", "cluster"),
            new PgOptions(
                pgUrl,
                s.nonBlank("pg.user"),
                s.string("pg.password"),
                s.nonBlank("pg.schema"),
                s.integer("pg.poolSize", 1, 256),
                s.integer("pg.connectTimeoutMs", 100, 120_000)),
            new RedisOptions(
                s.nonBlank("redis.url"),
                s.integer("redis.poolSize", 1, 256),
                s.nonBlank("redis.keyPrefix")),
            s.integer("h2.poolSize", 1, 64),
            s.integer("identity.cacheSize", 0, 10_000_000),
            new LogStorage(
                s.integer("log.retentionDays", 1, 3650),
                s.integer("log.partitionsAhead", 1, 60),
                s.integer("log.maintenanceMinutes", 0, 10_080)));
    Logging logging =
        new Logging(
            s.oneOf("logging.format", "text", "json"),
            s.oneOf("logging.level", "error", "warn", "info", "debug", "trace"));
    String adminKey = s.string("admin.key");
    s.require(
        adminKey.isEmpty() || adminKey.length() >= 16,
        "admin.key",
        "must be at least 16 characters");
    Optional<SecretBox> secrets = secrets(s);
    // Every module's options are validated, run or not: a typo in a section fails today, not on
    // the day that role is first deployed.
    List<Configured<?>> configured = new ArrayList<>();
    for (ChorusModule<?> module : modules) {
      Configured<?> c = configure(module, s);
      if (roles.contains(module.name())) {
        configured.add(c);
      }
    }
    return new ChorusConfig(
        Set.copyOf(roles),
        cluster,
        http,
        Path.of(s.nonBlank("data.dir")),
        storage,
        adminKey.isEmpty() ? null : adminKey,
        logging,
        s.bool("metrics.eventBus"),
        s.integer("shutdown.drainMs", 0, 600_000),
        s.integer("shutdown.notReadyMs", 0, 600_000),
        List.copyOf(configured),
        secrets);
  }

  /** Never prints the admin key or the secrets box (a record would print every component). */
  @Override
  public String toString() {
    return "ChorusConfig[roles="
        + roles
        + ", cluster="
        + cluster
        + ", http="
        + http
        + ", dataDir="
        + dataDir
        + ", storage="
        + storage.profile()
        + ", adminKey="
        + (adminKey == null ? "none" : "<secret>")
        + ", secrets="
        + (secrets.isPresent() ? "<secret>" : "none")
        + "]";
  }

  /**
   * The box that encrypts stored platform tokens: {@code secrets.key} seals and opens, each of
   * {@code secrets.keyOld} only opens (rotation, decision 091). Empty without a key.
   */
  private static Optional<SecretBox> secrets(Settings s) {
    String key = s.string("secrets.key");
    List<String> old = s.list("secrets.keyOld");
    s.require(
        key.isEmpty() || SecretBox.isValidKey(key),
        "secrets.key",
        "must be base64 of 32 random bytes (e.g. openssl rand -base64 32)");
    s.require(
        old.stream().allMatch(SecretBox::isValidKey),
        "secrets.keyOld",
        "must be comma-separated base64 keys of 32 bytes each");
    s.require(
        old.isEmpty() || !key.isEmpty(), "secrets.keyOld", "needs secrets.key (the newest key)");
    return key.isEmpty() ? Optional.empty() : Optional.of(SecretBox.of(key, old));
  }

  private static <O> Configured<O> configure(ChorusModule<O> module, Settings s) {
    return new Configured<>(module, module.options(s));
  }

  private static Set<String> roles(Settings s, List<? extends ChorusModule<?>> modules) {
    List<String> known = modules.stream().map(ChorusModule::name).toList();
    Set<String> roles = new LinkedHashSet<>();
    for (String role : s.list("roles")) {
      if (role.equals("all")) {
        modules.stream().filter(ChorusModule::inAll).forEach(m -> roles.add(m.name()));
      } else if (known.contains(role)) {
        roles.add(role);
      } else {
        throw new ConfigException(
            "invalid configuration: roles = '"
                + s.string("roles")
                + "' (from "
                + s.source("roles")
                + "): unknown role '"
                + role
                + "'; roles are all, "
                + String.join(", ", known));
      }
    }
    s.require(!roles.isEmpty(), "roles", "must name at least one role");
    return roles;
  }
}
