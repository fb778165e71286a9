package dev.chorus.ops;

import dev.chorus.access.ApiKeys;
import dev.chorus.access.KeysCli;
import dev.chorus.config.ConfigException;
import dev.chorus.module.ChorusModule;
import dev.chorus.ops.config.ChorusConfig;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar chorus.jar keys …} ({@link KeysCli}): opens only the key store of the configured
 * profile (migrating it like a start would), runs the action and closes it. The embedded profile's
 * database is one process's file: stop the server first, or use the API.
 */
final class KeysCommand {

  private KeysCommand() {}

  /** The exit code: 0 done, 1 failed, 2 usage or configuration error. */
  static int run(String[] args, List<ChorusModule<?>> modules) {
    return run(args, System.getenv(), modules, System.out, System.err);
  }

  static int run(
      String[] args,
      Map<String, String> env,
      List<ChorusModule<?>> modules,
      PrintStream out,
      PrintStream err) {
    KeysCli.Request request;
    ChorusConfig config;
    try {
      request = KeysCli.parse(args);
      config = ChorusConfig.load(request.rest().toArray(String[]::new), env, modules);
    } catch (IllegalArgumentException | ConfigException e) {
      err.println("chorus keys: " + e.getMessage());
      err.print(KeysCli.USAGE);
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Ports ports = Ports.open(vertx, config, Set.of(ApiKeys.class)).await(60, TimeUnit.SECONDS);
      try {
        return KeysCli.run(request, ports.get(ApiKeys.class), out).await(60, TimeUnit.SECONDS);
      } finally {
        ports.close().await(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
      err.println("chorus keys: the key store failed: " + cause.getMessage());
      return 1;
    } finally {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("chorus keys: closing took too long: " + e.getMessage());
      }
    }
  }
}
