package dev.chorus.store;

import dev.chorus.command.CommandStore;
import dev.chorus.community.CommunityStore;
import dev.chorus.identity.IdentityStore;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.knowledge.FactStore;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stores one process uses, whichever profile backs them. Built once at start-up by {@link
 * StoreFactory} and handed to the verticles that need them.
 *
 * @param identity identity, behind the in-process cache when {@code identity.cacheSize} &gt; 0
 * @param checks readiness checks by store name ({@code h2} in the embedded profile; {@code
 *     postgres} and {@code redis} in the cluster profile): each succeeds when that store answers
 * @param closers run by {@link #close()}, last first
 */
public record Stores(
    String profile,
    InteractionLog interactions,
    IdentityStore identity,
    CommunityStore communities,
    CommandStore commands,
    FactStore facts,
    StateStore state,
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
