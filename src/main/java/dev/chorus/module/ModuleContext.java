package dev.chorus.module;

import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.function.Supplier;

/** What the composition root gives a module while it deploys. */
public interface ModuleContext {

  Vertx vertx();

  ChorusMetrics metrics();

  /**
   * The adapter behind a port the module declared in {@link ChorusModule#ports()}.
   *
   * @throws IllegalStateException for a port the module did not declare
   */
  <T> T port(Class<T> port);

  /** Deploys {@code instances} verticles; they are undeployed when the process stops. */
  Future<Void> deploy(int instances, Supplier<? extends Deployable> factory);

  /** Adds routes to every HTTP server instance of the process (the one public port). */
  void http(HttpRoutes routes);

  /** Adds a readiness check to {@code /health/ready}. */
  void readiness(String name, Supplier<Future<Void>> check);

  /** The process's data directory (embedded stores, local indexes). */
  Path dataDir();

  /** True when the event bus spans a cluster. */
  boolean clustered();
}
