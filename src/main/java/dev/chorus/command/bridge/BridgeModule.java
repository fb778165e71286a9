package dev.chorus.command.bridge;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.util.List;

/**
 * The event-bus bridge for command modules as a role: TCP when {@code bridge.port} is set,
 * WebSocket (SockJS) on the HTTP port when {@code bridge.sockjs} is true; off by default. Either
 * needs {@code CHORUS_BRIDGE_TOKEN} (a secret, environment only).
 */
public final class BridgeModule implements ChorusModule<BridgeModule.Options> {

  public record Options(String host, int port, String token, int maxFrameBytes, boolean sockJs) {
    /** Whether the TCP bridge runs. */
    public boolean enabled() {
      return port >= 0;
    }
  }

  @Override
  public String name() {
    return "bridge";
  }

  @Override
  public String description() {
    return "TCP event-bus bridge for command modules in other languages (off unless bridge.port)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("bridge.port", "-1", "TCP port of the command module bridge; -1 is off"),
        ConfigKey.of("bridge.host", "127.0.0.1", "Interface the command module bridge listens on"),
        ConfigKey.secret("bridge.token", "", "Token command modules present on the bridge"),
        ConfigKey.of(
            "bridge.maxFrameBytes",
            String.valueOf(BridgeVerticle.DEFAULT_MAX_FRAME_BYTES),
            "Largest frame (JSON bytes) the command module bridge accepts; a larger one closes the"
                + " connection"),
        ConfigKey.of(
            "bridge.sockjs",
            "false",
            "Serve the command module bridge over WebSocket on the HTTP port at /bridge (needs"
                + " CHORUS_BRIDGE_TOKEN)"));
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public Options options(Settings settings) {
    int port = settings.integer("bridge.port", -1, 65_535);
    boolean sockJs = settings.bool("bridge.sockjs");
    String token = settings.string("bridge.token");
    settings.require(
        (port < 0 && !sockJs) || (token != null && token.length() >= 16),
        "bridge.token",
        "is required, at least 16 characters, when bridge.port or bridge.sockjs is set"
            + " (CHORUS_BRIDGE_TOKEN)");
    return new Options(
        settings.nonBlank("bridge.host"),
        port,
        token,
        settings.integer("bridge.maxFrameBytes", 256, 16 * 1024 * 1024),
        sockJs);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    if (options.sockJs()) {
      context.http(new SockJsBridge(options.token(), options.maxFrameBytes()));
    }
    if (!options.enabled()) {
      return Future.succeededFuture();
    }
    return context.deploy(
        1,
        () ->
            new BridgeVerticle(
                options.host(), options.port(), options.token(), options.maxFrameBytes()));
  }
}
