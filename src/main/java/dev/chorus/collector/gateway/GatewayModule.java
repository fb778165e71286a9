package dev.chorus.collector.gateway;

import dev.chorus.collector.IngestHealth;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.module.WebSocketPolicy;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * The web-chat collector as a role: {@code /ws/chat} and the chat page on the HTTP port, one
 * gateway per HTTP server instance.
 */
public final class GatewayModule implements ChorusModule<GatewayModule.Config> {

  /** The gateway's options and the limits every client of the process is held to. */
  public record Config(
      WebChatGateway.Options gateway, WebChatLimits limits, long probeMs, boolean requireRouter) {}

  /** Web-chat limits not worth a configuration key yet. */
  private static final int MAX_PENDING_PER_CONNECTION = 1000;

  private static final long JOURNAL_TIMEOUT_MS = 10_000;

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public String description() {
    return "the web chat: /ws/chat and the chat page at /";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("gateway.maxTextLength", "500", "Longest chat message text, in characters"),
        ConfigKey.of(
            "gateway.maxFrameBytes",
            "65536",
            "Largest /ws/chat message answered with an error frame; larger ones close the"
                + " connection at http.maxWebSocketMessageBytes"),
        ConfigKey.of(
            "gateway.allowedOrigins",
            "",
            "Comma-separated origins (scheme://host[:port]) allowed on /ws/chat besides"
                + " http.publicOrigins; * allows any"),
        ConfigKey.of(
            "gateway.ratePerConnection",
            "20",
            "Messages per second one /ws/chat connection may send (sustained); more get a"
                + " rate_limited error frame"),
        ConfigKey.of(
            "gateway.burstPerConnection",
            "40",
            "Messages one /ws/chat connection may send at once"),
        ConfigKey.of(
            "gateway.ratePerPerson",
            "10",
            "Messages per second one person (community and user id) may send over all their"
                + " connections; counted per process, and over all processes in a window of"
                + " burst/rate seconds kept in the state store"),
        ConfigKey.of("gateway.burstPerPerson", "20", "Messages one person may send at once"),
        ConfigKey.of(
            "gateway.maxRefusals",
            "50",
            "Messages refused for rate within 10 s after which the connection is closed (1008)"),
        ConfigKey.of(
            "gateway.slowReaderCloseMs",
            "10000",
            "How long a client that does not read its frames is paused before it is closed (1008)"),
        ConfigKey.of(
            "gateway.writeQueueBytes",
            "262144",
            "Bytes queued towards one client beyond which the server stops reading from it"),
        ConfigKey.of(
            "gateway.probeMs",
            "1000",
            "How often the gateway checks that the interaction log and a router answer"),
        ConfigKey.of(
            "gateway.requireRouter",
            "true",
            "Refuse messages (unavailable) while no router runs; false journals them and the"
                + " journal routes them once a router is back"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(StateStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public Config options(Settings s) {
    WebChatLimits limits =
        new WebChatLimits(
            s.integer("http.maxWebSocketMessageBytes", 1024, 64 * 1024 * 1024),
            s.integer("gateway.ratePerConnection", 1, 100_000),
            s.integer("gateway.burstPerConnection", 1, 100_000),
            s.integer("gateway.ratePerPerson", 1, 100_000),
            s.integer("gateway.burstPerPerson", 1, 100_000),
            s.integer("gateway.maxRefusals", 1, 1_000_000),
            s.integer("gateway.slowReaderCloseMs", 100, 600_000),
            s.integer("gateway.writeQueueBytes", 1024, 64 * 1024 * 1024));
    return new Config(
        gatewayOptions(s),
        limits,
        s.integer("gateway.probeMs", 100, 60_000),
        s.bool("gateway.requireRouter"));
  }

  private static WebChatGateway.Options gatewayOptions(Settings s) {
    return new WebChatGateway.Options(
        // 4,000: the log's text column in the embedded profile; longer text could not be stored.
        s.integer("gateway.maxTextLength", 1, 4_000),
        s.integer("gateway.maxFrameBytes", 256, 16 * 1024 * 1024),
        WebSocketPolicy.from(s, "gateway.allowedOrigins"),
        MAX_PENDING_PER_CONNECTION,
        JOURNAL_TIMEOUT_MS);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Config config) {
    StateStore state = context.port(StateStore.class);
    ChatGuards guards =
        new ChatGuards(
            config.limits(), context.metrics(), ChatGuards.personWindow(state, config.limits()));
    // Refuse at once while the log or the router is down; readiness check "ingest".
    IngestHealth.install(context, config.probeMs(), config.requireRouter());
    context.http(
        (vertx, router) ->
            new WebChatGateway(vertx, config.gateway(), context.metrics(), guards).mount(router));
    return Future.succeededFuture();
  }
}
