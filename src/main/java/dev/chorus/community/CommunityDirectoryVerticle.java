package dev.chorus.community;

import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "does this community exist?" on {@link Addresses#COMMUNITY_LOOKUP} from an in-memory set
 * of every community id, so the collectors' question never costs a database query.
 *
 * <p>The set is loaded at start, kept current by the change notifications the admin API publishes
 * ({@link CommunityChanges}, which carry the new state, so applying one needs no query), and
 * reloaded every {@code reloadMs} in case a notification was lost. Communities are few (a
 * deployment serves hundreds or thousands), so the whole set fits easily.
 */
public final class CommunityDirectoryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CommunityDirectoryVerticle.class);

  private final CommunityStore store;
  private final long reloadMs;
  private final Set<String> ids = ConcurrentHashMap.newKeySet();

  /**
   * @param reloadMs how often the whole set is reloaded from the store
   */
  public CommunityDirectoryVerticle(CommunityStore store, long reloadMs) {
    this.store = Objects.requireNonNull(store, "store");
    if (reloadMs < 1_000) {
      throw new IllegalArgumentException("reloadMs must be at least 1000");
    }
    this.reloadMs = reloadMs;
  }

  @Override
  public Future<?> start() {
    Future<Void> changes =
        vertx.eventBus().<JsonObject>consumer(CommunityChanges.ADDRESS, this::apply).completion();
    return changes
        .compose(v -> reload())
        .compose(
            v -> {
              vertx.setPeriodic(
                  reloadMs,
                  id ->
                      reload()
                          .onFailure(
                              e -> LOG.warn("reloading communities failed: {}", e.getMessage())));
              return vertx
                  .eventBus()
                  .<String>consumer(Addresses.COMMUNITY_LOOKUP, this::answer)
                  .completion();
            });
  }

  private Future<Void> reload() {
    return store
        .list()
        .map(
            all -> {
              Set<String> fresh = ConcurrentHashMap.newKeySet();
              all.forEach(c -> fresh.add(c.id()));
              ids.retainAll(fresh);
              ids.addAll(fresh);
              return null;
            });
  }

  private void apply(Message<JsonObject> message) {
    JsonObject change = message.body();
    String id = change == null ? null : change.getString("community");
    if (id == null) {
      return;
    }
    if (change.getBoolean("exists", false)) {
      ids.add(id);
    } else {
      ids.remove(id);
    }
  }

  private void answer(Message<String> message) {
    Object body = message.body();
    boolean known = body instanceof String id && ids.contains(id);
    message.reply(new JsonObject().put("known", known));
  }
}
