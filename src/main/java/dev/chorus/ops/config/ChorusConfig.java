package dev.chorus.ops.config;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole typed configuration, validated at start-up. Built from {@link Settings}; a bad value
 * stops start-up with one line naming the key.
 */
public record ChorusConfig(
    Set<String> roles,
    Cluster cluster,
    Http http,
    Path dataDir,
    Storage storage,
    Log log,
    Router router,
    Gateway gateway,
    Stages stages,
    String adminKey,
    Logging logging,
    boolean eventBusMetrics,
    long drainMs) {

  /** Every role a process can run; {@code all} expands to these. */
  public static final List<String> ROLES =
      List.of("gateway", "router", "identity", "command", "egress", "interactions");

  public record Cluster(
      boolean enabled, List<String> members, int port, String host, boolean kubernetes) {}

  public record Http(String host, int port, int instances) {}

  public record Pg(
      String url,
      String user,
      String password,
      String schema,
      int poolSize,
      int connectTimeoutMs) {}

  public record Redis(String url, int poolSize, String keyPrefix) {}

  /**
   * Which adapters back the ports: {@code embedded} (H2 + in-process) or {@code cluster}
   * (PostgreSQL + Redis).
   */
  public record Storage(String profile, Pg pg, Redis redis, int h2PoolSize) {
    public boolean isCluster() {
      return "cluster".equals(profile);
    }
  }

  public record Log(
      int batchSize,
      int maxQueue,
      int retentionDays,
      int instances,
      int partitionsAhead,
      int maintenanceMinutes) {}

  public record Router(Path routes, int maxInFlight, int maxQueued, int instances) {}

  public record Gateway(int maxTextLength, int maxFrameBytes, List<String> allowedOrigins) {}

  public record Stages(
      int identityInstances,
      int identityCacheSize,
      int commandInstances,
      String commandPrefix,
      int egressInstances) {}

  public record Logging(String format, String level) {}

  public boolean runs(String role) {
    return roles.contains(role);
  }

  public static ChorusConfig from(Settings s) {
    Set<String> roles = new LinkedHashSet<>();
    for (String role : s.list("roles")) {
      if (role.equals("all")) {
        roles.addAll(ROLES);
      } else {
        s.require(
            ROLES.contains(role),
            "roles",
            "unknown role '" + role + "'; roles are all, " + String.join(", ", ROLES));
        roles.add(role);
      }
    }
    s.require(!roles.isEmpty(), "roles", "must name at least one role");

    Cluster cluster =
        new Cluster(
            s.bool("cluster.enabled"),
            s.list("cluster.members"),
            s.integer("cluster.port", 1, 65535),
            s.nonBlank("cluster.host"),
            s.bool("cluster.kubernetes"));
    Http http =
        new Http(
            s.nonBlank("http.host"),
            s.integer("http.port", 0, 65535),
            s.integer("http.instances", 1, 64));
    Storage storage =
        new Storage(
            s.oneOf("storage.profile", "embedded", "cluster"),
            new Pg(
                s.nonBlank("pg.url"),
                s.nonBlank("pg.user"),
                s.string("pg.password"),
                s.nonBlank("pg.schema"),
                s.integer("pg.poolSize", 1, 256),
                s.integer("pg.connectTimeoutMs", 100, 120_000)),
            new Redis(
                s.nonBlank("redis.url"),
                s.integer("redis.poolSize", 1, 256),
                s.nonBlank("redis.keyPrefix")),
            s.integer("h2.poolSize", 1, 64));
    s.require(
        storage.pg().schema().matches("[a-z_][a-z0-9_]{0,62}"),
        "pg.schema",
        "must be a lower-case SQL identifier");
    Log log =
        new Log(
            s.integer("log.batchSize", 1, 10_000),
            s.integer("log.maxQueue", 100, 10_000_000),
            s.integer("log.retentionDays", 1, 3650),
            s.integer("log.instances", 1, 64),
            s.integer("log.partitionsAhead", 1, 60),
            s.integer("log.maintenanceMinutes", 0, 10_080));
    Router router =
        new Router(
            Path.of(s.nonBlank("router.routes")),
            s.integer("router.maxInFlight", 1, 1_000_000),
            s.integer("router.maxQueued", 0, 10_000_000),
            s.integer("router.instances", 1, 64));
    Gateway gateway =
        new Gateway(
            s.integer("gateway.maxTextLength", 1, 100_000),
            s.integer("gateway.maxFrameBytes", 256, 16 * 1024 * 1024),
            s.list("gateway.allowedOrigins"));
    String prefix = s.nonBlank("command.prefix");
    s.require(prefix.length() <= 3, "command.prefix", "must be 1 to 3 characters");
    Stages stages =
        new Stages(
            s.integer("identity.instances", 1, 64),
            s.integer("identity.cacheSize", 0, 10_000_000),
            s.integer("command.instances", 1, 64),
            prefix,
            s.integer("egress.instances", 1, 64));
    Logging logging =
        new Logging(
            s.oneOf("logging.format", "text", "json"),
            s.oneOf("logging.level", "error", "warn", "info", "debug", "trace"));
    String adminKey = s.string("admin.key");
    s.require(
        adminKey.isEmpty() || adminKey.length() >= 16,
        "admin.key",
        "must be at least 16 characters");
    return new ChorusConfig(
        Set.copyOf(roles),
        cluster,
        http,
        Path.of(s.nonBlank("data.dir")),
        storage,
        log,
        router,
        gateway,
        stages,
        adminKey.isEmpty() ? null : adminKey,
        logging,
        s.bool("metrics.eventBus"),
        s.integer("shutdown.drainMs", 0, 600_000));
  }
}
