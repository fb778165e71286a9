package dev.chorus.ops.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key Chorus reads, with its default. {@code docs/configuration.md} documents
 * the same list; a key missing here is rejected when it appears in a profile, so typos fail
 * start-up.
 */
public final class ConfigKeys {

  private static final List<ConfigKey> KEYS =
      List.of(
          key(
              "roles",
              "all",
              "Comma-separated roles this process runs: all, gateway, router, identity, command, egress, interactions"),
          key("cluster.enabled", "false", "Join a Hazelcast cluster (event bus spans processes)"),
          key("cluster.members", "127.0.0.1", "Comma-separated member IPs for TCP-IP join"),
          key(
              "cluster.port",
              "5701",
              "Hazelcast member port (the next ports are tried when taken)"),
          key(
              "cluster.host",
              "127.0.0.1",
              "Interface Hazelcast and the clustered event bus bind to"),
          key(
              "cluster.kubernetes",
              "false",
              "Use Hazelcast Kubernetes discovery instead of TCP-IP join"),
          key("http.host", "0.0.0.0", "Interface the HTTP server binds to"),
          key(
              "http.port",
              "8080",
              "HTTP port: web chat, WebSockets, health, metrics, admin API, webhooks"),
          key("http.instances", "1", "HTTP server verticle instances (they share the port)"),
          key("data.dir", "data", "Directory for the embedded databases"),
          key(
              "storage.profile",
              "embedded",
              "embedded (H2 + in-process) or cluster (PostgreSQL + Redis)"),
          key("pg.url", "postgresql://127.0.0.1:5432/chorus", "PostgreSQL URL (cluster profile)"),
          key("pg.user", "postgres", "PostgreSQL user"),
          secret("pg.password", "", "PostgreSQL password (environment only)"),
          key("pg.schema", "public", "PostgreSQL schema Chorus owns"),
          key("pg.poolSize", "8", "PostgreSQL connections per process"),
          key("pg.connectTimeoutMs", "5000", "PostgreSQL connect timeout"),
          key("redis.url", "redis://127.0.0.1:6379", "Redis URL (cluster profile)"),
          key("redis.poolSize", "8", "Redis connections per process"),
          key("redis.keyPrefix", "chorus", "Prefix of every Redis key (one per deployment)"),
          key("h2.poolSize", "4", "H2 connections (and worker threads) in the embedded profile"),
          key("log.batchSize", "500", "Most interaction-log rows written in one batch"),
          key(
              "log.maxQueue",
              "5000",
              "Most rows waiting for the log; beyond it new events are refused (overload)"),
          key(
              "log.retentionDays",
              "30",
              "Days of interaction log kept (cluster profile drops older partitions)"),
          key("log.instances", "1", "Interaction-log writer instances"),
          key(
              "log.partitionsAhead",
              "3",
              "Daily log partitions created ahead of today (cluster profile)"),
          key(
              "log.maintenanceMinutes",
              "60",
              "Minutes between log partition maintenance runs: create ahead, drop past retention (cluster profile; 0 = never)"),
          key("router.routes", "conf/routes.yaml", "Routing slips per event type"),
          key(
              "router.maxInFlight",
              "256",
              "Slips one router instance drives at once; more events wait in its queue"),
          key(
              "router.maxQueued",
              "20000",
              "Events one router instance lets wait; beyond it new events are dead-lettered as overloaded"),
          key("router.instances", "1", "Router verticle instances"),
          key("gateway.maxTextLength", "500", "Longest chat message text, in characters"),
          key("gateway.maxFrameBytes", "65536", "Largest WebSocket frame or message, in bytes"),
          key(
              "gateway.allowedOrigins",
              "",
              "Comma-separated origins allowed on /ws/chat besides the server's own; * allows any"),
          key("identity.instances", "1", "Identity stage instances"),
          key("identity.cacheSize", "10000", "People kept in the in-process identity cache"),
          key("command.instances", "1", "Command stage instances"),
          key("command.prefix", "!", "Prefix that marks a chat message as a command"),
          key("egress.instances", "1", "Egress verticle instances"),
          secret(
              "admin.key",
              "",
              "Admin API key (environment only); the admin API is disabled without one"),
          key(
              "metrics.eventBus",
              "false",
              "Vert.x per-message event-bus metrics (vertx_eventbus_*); they cost ~25% of pipeline throughput"),
          key("logging.format", "text", "text or json (one JSON object per line)"),
          key("logging.level", "info", "Root log level: error, warn, info, debug, trace"),
          key(
              "shutdown.drainMs",
              "10000",
              "How long a graceful shutdown waits for in-flight events"));

  private static final Map<String, ConfigKey> BY_PATH = new LinkedHashMap<>();

  static {
    for (ConfigKey k : KEYS) {
      BY_PATH.put(k.path(), k);
    }
  }

  private ConfigKeys() {}

  public static List<ConfigKey> all() {
    return KEYS;
  }

  public static ConfigKey get(String path) {
    return BY_PATH.get(path);
  }

  private static ConfigKey key(String path, String defaultValue, String description) {
    return new ConfigKey(path, defaultValue, description, false);
  }

  private static ConfigKey secret(String path, String defaultValue, String description) {
    return new ConfigKey(path, defaultValue, description, true);
  }
}
