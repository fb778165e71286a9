package dev.chorus.store;

import dev.chorus.identity.h2.H2IdentityStore;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Opens the stores of the configured storage profile. */
public final class StoreFactory {

  private StoreFactory() {
  }

  public static Future<Stores> open(Vertx vertx, ChorusConfig config) {
    if (config.storage().isCluster()) {
      return Future.failedFuture(new IllegalStateException("storage.profile=cluster is not available in this build yet"));
    }
    return embedded(vertx, config);
  }

  private static Future<Stores> embedded(Vertx vertx, ChorusConfig config) {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(config.dataDir());
      return H2Database.openBlocking(vertx, config.dataDir(), "chorus", config.storage().h2PoolSize());
    }, false).map(db -> {
      Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();
      checks.put("h2", db::check);
      return new Stores("embedded", new H2InteractionLog(db, false), new H2IdentityStore(db, false), checks,
          List.of(db::close));
    });
  }
}
