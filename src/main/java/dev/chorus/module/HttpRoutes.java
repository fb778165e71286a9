package dev.chorus.module;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * Routes a module adds to the HTTP port. Called once per HTTP server instance, on that instance's
 * event loop, before it listens. Paths under {@code /api/v1/} are behind the admin key already.
 */
@FunctionalInterface
public interface HttpRoutes {

  /** Mounts the routes; the returned future completes when they are ready to serve. */
  Future<Void> mount(Vertx vertx, Router router);
}
