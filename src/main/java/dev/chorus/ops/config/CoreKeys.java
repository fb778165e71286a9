package dev.chorus.ops.config;

import static dev.chorus.config.ConfigKey.of;
import static dev.chorus.config.ConfigKey.secret;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.ConfigKeys;
import dev.chorus.module.ChorusModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of the process itself — roles, cluster, HTTP port, storage, logging, shutdown — as
 * opposed to each module's own section. {@code docs/configuration.md} is generated from these and
 * the modules' keys ({@code ConfigDocTest}).
 */
public final class CoreKeys {

  private CoreKeys() {}

  /** The core keys plus the keys of every module in {@code modules}. */
  public static ConfigKeys with(List<? extends ChorusModule<?>> modules) {
    List<ConfigKey> moduleKeys = new ArrayList<>();
    modules.forEach(m -> moduleKeys.addAll(m.keys()));
    return ConfigKeys.of(core(modules), moduleKeys);
  }

  private static List<ConfigKey> core(List<? extends ChorusModule<?>> modules) {
    List<String> roles = new ArrayList<>();
    modules.stream().filter(ChorusModule::inAll).forEach(m -> roles.add(m.name()));
    return List.of(
        of(
            "roles",
            "all",
            "Comma-separated roles this process runs: all, " + String.join(", ", roles)),
        of("cluster.enabled", "false", "Join a Hazelcast cluster (event bus spans processes)"),
        of(
            "cluster.name",
            "chorus",
            "Hazelcast cluster name: processes join only a cluster of the same name"),
        of("cluster.members", "127.0.0.1", "Comma-separated member IPs for TCP-IP join"),
        of("cluster.port", "5701", "Hazelcast member port (the next ports are tried when taken)"),
        of("cluster.host", "127.0.0.1", "Interface Hazelcast and the clustered event bus bind to"),
        of(
            "cluster.kubernetes",
            "false",
            "Use Hazelcast Kubernetes discovery instead of TCP-IP join"),
        of(
            "cluster.kubernetesService",
            "",
            "Kubernetes discovery: the (headless) service whose endpoints are the members; empty"
                + " = every pod of the namespace"),
        of(
            "cluster.kubernetesNamespace",
            "",
            "Kubernetes discovery: the namespace to look in; empty = the pod's own"),
        of(
            "cluster.publicHost",
            "",
            "Address other members reach this one at (Hazelcast and event bus), e.g. the pod IP;"
                + " empty = cluster.host"),
        of(
            "cluster.eventBusPort",
            "0",
            "Port of the clustered event bus (0 = any free port; fix it where a network policy"
                + " lists ports)"),
        of("cluster.heartbeatSeconds", "1", "Seconds between Hazelcast heartbeats to every member"),
        of(
            "cluster.maxNoHeartbeatSeconds",
            "5",
            "A member silent this long is removed from the cluster (its event-bus handlers with"
                + " it)"),
        of("http.host", "0.0.0.0", "Interface the HTTP server binds to"),
        of(
            "http.port",
            "8080",
            "HTTP port: web chat, WebSockets, health, metrics, admin API, webhooks"),
        of("http.instances", "1", "HTTP server verticle instances (they share the port)"),
        of(
            "http.maxWebSocketMessageBytes",
            "262144",
            "Largest WebSocket frame or message any route accepts; beyond it the connection closes"),
        of(
            "http.publicOrigins",
            "",
            "Comma-separated origins (scheme://host[:port]) whose pages may open the WebSockets;"
                + " empty = the loopback origins of the HTTP port (http://localhost:<port>,"
                + " http://127.0.0.1:<port>)"),
        of(
            "http.maxConnectionsPerAddress",
            "64",
            "WebSocket connections one client address may hold open; more get HTTP 429"),
        of(
            "http.maxFailedKeysPerAddress",
            "20",
            "Refused API keys one client address may present in 5 minutes; then every bearer"
                + " request from it gets HTTP 429 until the window ends (0 = no limit)"),
        of(
            "http.trustedProxies",
            "",
            "Comma-separated CIDR blocks of reverse proxies (e.g. 10.0.0.0/8); only from these is"
                + " the client address read from Forwarded / X-Forwarded-For and the scheme from"
                + " X-Forwarded-Proto; empty = the TCP peer is the client"),
        of(
            "http.idleTimeoutSeconds",
            "300",
            "A connection (HTTP or WebSocket) from which nothing was read this long is closed; 0 ="
                + " never"),
        of(
            "http.webSocketPingSeconds",
            "30",
            "Seconds between the pings the server sends on every WebSocket (browsers answer"
                + " them, which keeps live sockets within http.idleTimeoutSeconds); 0 = none"),
        of(
            "http.overlayFrameAncestors",
            "",
            "CSP frame-ancestors of the overlay pages (e.g. 'self' https://studio.example); empty"
                + " = any page may frame them"),
        of(
            "http.tls.certPath",
            "",
            "PEM certificate chain file; with http.tls.keyPath the HTTP port speaks HTTPS only"),
        of(
            "http.tls.keyPath",
            "",
            "PEM private key file of http.tls.certPath (keep it in a Secret mounted as a file)"),
        of("data.dir", "data", "Directory for the embedded databases"),
        of(
            "storage.profile",
            "embedded",
            "embedded (H2 + in-process) or cluster (PostgreSQL + Redis)"),
        of("pg.url", "postgresql://127.0.0.1:5432/chorus", "PostgreSQL URL (cluster profile)"),
        of("pg.user", "postgres", "PostgreSQL user"),
        secret("pg.password", "", "PostgreSQL password (environment only)"),
        of("pg.schema", "public", "PostgreSQL schema Chorus owns"),
        of("pg.poolSize", "8", "PostgreSQL connections per process"),
        of("pg.connectTimeoutMs", "5000", "PostgreSQL connect timeout"),
        of("redis.url", "redis://127.0.0.1:6379", "Redis URL (cluster profile)"),
        of("redis.poolSize", "8", "Redis connections per process"),
        of("redis.keyPrefix", "chorus", "Prefix of every Redis key (one per deployment)"),
        of("h2.poolSize", "4", "H2 connections (and worker threads) in the embedded profile"),
        of(
            "identity.cacheSize",
            "10000",
            "People kept in the in-process identity cache in front of the identity store"),
        of(
            "log.retentionDays",
            "30",
            "Days of interaction log kept (cluster profile drops older partitions)"),
        of(
            "log.partitionsAhead",
            "3",
            "Daily log partitions created ahead of today (cluster profile)"),
        of(
            "log.maintenanceMinutes",
            "60",
            "Minutes between log partition maintenance runs: create ahead, drop past retention"
                + " (cluster profile; 0 = never)"),
        secret(
            "admin.key",
            "",
            "The bootstrap admin API key (environment only); without it only stored API keys work (docs/access.md)"),
        secret(
            "secrets.key",
            "",
            "Key that encrypts stored platform tokens: base64 of 32 random bytes (environment"
                + " only); empty: no token is stored"),
        secret(
            "secrets.keyOld",
            "",
            "Earlier secrets keys, comma-separated, still accepted for reading while stored tokens"
                + " are re-encrypted under secrets.key (environment only)"),
        of(
            "metrics.eventBus",
            "false",
            "Vert.x per-message event-bus metrics (vertx_eventbus_*, per Chorus address); they"
                + " cost ~25% of pipeline throughput"),
        of("logging.format", "text", "text or json (one JSON object per line)"),
        of("logging.level", "info", "Root log level: error, warn, info, debug, trace"),
        of("shutdown.drainMs", "10000", "How long a graceful shutdown waits for in-flight events"),
        of(
            "shutdown.notReadyMs",
            "0",
            "How long a stopping process keeps its HTTP port open at least, not ready and answering"
                + " 503, so load balancers stop sending to it before the port closes"));
  }
}
