package dev.chorus.module;

import dev.chorus.config.ConfigException;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * One processor of Chorus — a stage, a collector, the router, the log writer — as the composition
 * root sees it: a role name, its own configuration keys, the ports it needs, and how it deploys
 * itself. The root knows nothing else about it.
 *
 * <p>Modules are found with {@link java.util.ServiceLoader} (each is listed in {@code
 * META-INF/services/dev.chorus.module.ChorusModule}); adding a processor is its package, that one
 * line, its routes in {@code conf/routes.yaml} and its documentation.
 *
 * @param <O> the module's typed options, parsed and validated from its own keys at start-up
 */
public interface ChorusModule<O> {

  /** The role name used in {@code --roles}, lower case. */
  String name();

  /** One line for {@code --help} and {@code docs/configuration.md}. */
  String description();

  /**
   * The module's own configuration keys, with defaults and descriptions. By convention they live in
   * a section named after the module ({@code identity.instances}).
   */
  default List<ConfigKey> keys() {
    return List.of();
  }

  /**
   * The store ports the module's verticles use (e.g. {@code IdentityStore.class}). The process
   * opens only the stores that the ports of its roles need.
   */
  default Set<Class<?>> ports() {
    return Set.of();
  }

  /** When the module deploys relative to others ({@link Phase}); modules stop in reverse order. */
  Phase phase();

  /** Whether {@code --roles all} includes this module. */
  default boolean inAll() {
    return true;
  }

  /**
   * The roles that must be reachable — in this process or elsewhere in the cluster — for this
   * module to do its work; while one is not, the process is not ready ({@code /health/ready}). By
   * default a module of the {@link Phase#EDGE} phase (a collector) needs the router and the log
   * writer (it cannot accept an event without them), the router needs the log writer, and a stage
   * needs nothing. A module that accepts no events from outside overrides this.
   */
  default Set<String> needs() {
    return switch (phase()) {
      case EDGE -> Set.of("router", "interactions");
      case ROUTING -> Set.of("interactions");
      default -> Set.of();
    };
  }

  /**
   * Reads and validates the module's options.
   *
   * @throws ConfigException naming the key when a value is invalid (start-up stops with exit 2)
   */
  O options(Settings settings);

  /** Deploys the module's verticles (and registers its routes and readiness checks). */
  Future<Void> deploy(ModuleContext context, O options);
}
