package dev.chorus.collector.gateway;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;

/**
 * The web-chat collector as a role: {@code /ws/chat} and the chat page on the HTTP port, one
 * gateway per HTTP server instance.
 */
public final class GatewayModule implements ChorusModule<WebChatGateway.Options> {

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
            "Comma-separated origins allowed on /ws/chat besides the server's own; * allows any"));
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public WebChatGateway.Options options(Settings s) {
    return new WebChatGateway.Options(
        // 4,000: the log's text column in the embedded profile; longer text could not be stored.
        s.integer("gateway.maxTextLength", 1, 4_000),
        s.integer("gateway.maxFrameBytes", 256, 16 * 1024 * 1024),
        s.list("gateway.allowedOrigins"),
        MAX_PENDING_PER_CONNECTION,
        JOURNAL_TIMEOUT_MS);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, WebChatGateway.Options options) {
    context.http(
        (vertx, router) -> new WebChatGateway(vertx, options, context.metrics()).mount(router));
    return Future.succeededFuture();
  }
}
