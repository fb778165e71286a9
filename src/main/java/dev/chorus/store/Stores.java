package dev.chorus.store;

import dev.chorus.identity.IdentityStore;
import dev.chorus.interactions.InteractionLog;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stores one process uses, whichever profile backs them. Built once at start-up by
 * {@link StoreFactory} and handed to the verticles that need them.
 *
 * @param checks readiness checks by store name ({@code interactions}, {@code identity}, {@code postgres},
 *               {@code redis} …): each succeeds when that store answers
 */
public record Stores(
    String profile,
    InteractionLog interactions,
    IdentityStore identity,
    Map<String, Supplier<Future<Void>>> checks,
    List<Supplier<Future<Void>>> closers) {

  /** Closes every store, last opened first; failures are ignored so every store gets its turn. */
  public Future<Void> close() {
    List<Supplier<Future<Void>>> reversed = new ArrayList<>(closers);
    java.util.Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<Void>> closer : reversed) {
      chain = chain.eventually(() -> closer.get().recover(e -> Future.succeededFuture()));
    }
    return chain;
  }
}
