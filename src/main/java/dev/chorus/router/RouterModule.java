package dev.chorus.router;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;

/** The router as a role: drives every accepted event through its routing slip. */
public final class RouterModule implements ChorusModule<RouterModule.Options> {

  public record Options(RouteTable routes, int maxInFlight, int maxQueued, int instances) {}

  @Override
  public String name() {
    return "router";
  }

  @Override
  public String description() {
    return "drives each accepted event through its routing slip (consumes chorus.ingress)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("router.routes", "conf/routes.yaml", "Routing slips per event type"),
        ConfigKey.of(
            "router.maxInFlight",
            "256",
            "Slips one router instance drives at once; more events wait in its queue"),
        ConfigKey.of(
            "router.maxQueued",
            "20000",
            "Events one router instance lets wait; beyond it new events are dead-lettered as"
                + " overloaded"),
        ConfigKey.of("router.instances", "1", "Router verticle instances"));
  }

  @Override
  public Phase phase() {
    return Phase.ROUTING;
  }

  @Override
  public Options options(Settings settings) {
    RouteTable routes;
    String file = settings.nonBlank("router.routes");
    try {
      routes = RouteTable.load(Path.of(file));
    } catch (IllegalArgumentException e) {
      settings.require(false, "router.routes", e.getMessage());
      throw e;
    }
    return new Options(
        routes,
        settings.integer("router.maxInFlight", 1, 1_000_000),
        settings.integer("router.maxQueued", 0, 10_000_000),
        settings.integer("router.instances", 1, 64));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    return context.deploy(
        options.instances(),
        () ->
            new RouterVerticle(
                options.routes(), context.metrics(), options.maxInFlight(), options.maxQueued()));
  }
}
