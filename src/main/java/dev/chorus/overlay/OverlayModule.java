package dev.chorus.overlay;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.module.WebSocketPolicy;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * The overlay as a role: the sequencer that numbers finished events, the feed {@code
 * /ws/overlay/{community}} on every HTTP instance and the overlay pages (the overlay token route
 * and its keys belong to the access role, decision 124). Run it in every process that runs the
 * router (the sequencer numbers what this process's routers finish) and in every process whose HTTP
 * port should serve overlays.
 */
public final class OverlayModule implements ChorusModule<OverlayModule.Options> {

  /** Feed options, and whether this process numbers the events its routers finish. */
  public record Options(OverlayFeed.Options feed) {}

  @Override
  public String name() {
    return "overlay";
  }

  @Override
  public String description() {
    return "the OBS overlay: /ws/overlay/{community} feed with replay, overlay pages, token API";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of(
            "overlay.replayFrames",
            "500",
            "Frames each community keeps for clients that reconnect with ?since="),
        ConfigKey.of(
            "overlay.maxWriteQueueBytes",
            "262144",
            "Bytes queued to one overlay client before it is dropped as too slow"),
        ConfigKey.of(
            "overlay.maxConnections",
            "20000",
            "Overlay connections one HTTP instance accepts; more get HTTP 503"),
        ConfigKey.of(
            "overlay.reorderMs",
            "250",
            "How long a frame numbered out of order waits for its predecessor"),
        ConfigKey.of(
            "overlay.allowedOrigins",
            "",
            "Comma-separated origins (scheme://host[:port]) allowed on /ws/overlay besides"
                + " http.publicOrigins; * allows any"));
  }

  @Override
  public Set<Class<?>> ports() {
    // The overlay keys live in the access role's key store (decision 124).
    return Set.of();
  }

  @Override
  public Phase phase() {
    // Before the router: no finished event goes unnumbered.
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings s) {
    return new Options(
        new OverlayFeed.Options(
            s.integer("overlay.replayFrames", 1, 100_000),
            s.integer("overlay.maxWriteQueueBytes", 4096, 64 * 1024 * 1024),
            s.integer("overlay.maxConnections", 1, 1_000_000),
            s.integer("overlay.reorderMs", 1, 10_000),
            WebSocketPolicy.from(s, "overlay.allowedOrigins")));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    context.http(new OverlayPages());
    context.http(
        (vertx, router) -> new OverlayFeed(vertx, options.feed(), context.metrics()).mount(router));
    return context.deploy(1, OverlaySequencer::new);
  }
}
