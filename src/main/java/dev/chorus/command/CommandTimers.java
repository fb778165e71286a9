package dev.chorus.command;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.event.Envelope;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Periodic messages per channel. A timer is checked when a chat message arrives in a channel (so it
 * needs chat activity by construction, and its message rides the normal reply path with the event
 * it follows): the channel's line counter for the timer must have reached {@code minLines}, and the
 * timer's cooldown for that channel — one atomic {@link StateStore#tryCooldown} — must be free.
 * Exactly one process wins the cooldown, so a timer fires once per interval cluster-wide.
 */
final class CommandTimers {

  private final CommandStore store;
  private final StateStore state;
  private final Cache<String, List<CommandTimer>> cache;

  CommandTimers(CommandStore store, StateStore state, Duration ttl) {
    this.store = store;
    this.state = state;
    this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
  }

  /** The timer messages due in the channel of {@code event} (usually none). */
  Future<List<String>> due(Envelope event) {
    return timers(event.community())
        .compose(
            timers -> {
              List<Future<String>> checks = new ArrayList<>();
              for (CommandTimer t : timers) {
                if (t.enabled() && t.intervalSeconds() > 0) {
                  checks.add(check(event, t));
                }
              }
              if (checks.isEmpty()) {
                return Future.succeededFuture(List.of());
              }
              return Future.join(checks)
                  .transform(
                      ignored -> {
                        List<String> out = new ArrayList<>();
                        for (Future<String> f : checks) {
                          if (f.succeeded() && f.result() != null) {
                            out.add(f.result());
                          }
                        }
                        return Future.succeededFuture(out);
                      });
            });
  }

  private Future<String> check(Envelope event, CommandTimer t) {
    String where = t.name() + ":" + event.platform() + ":" + event.channel().id();
    String lines = "timer:" + where + ":lines";
    String community = event.community();
    return state
        .increment(community, lines, 1)
        .compose(
            seen -> {
              if (seen < Math.max(1, t.minLines())) {
                return Future.succeededFuture(null);
              }
              return state
                  .tryCooldown(community, "timer:" + where, Duration.ofSeconds(t.intervalSeconds()))
                  .compose(
                      won ->
                          won
                              ? state.increment(community, lines, -seen).map(v -> t.message())
                              : Future.succeededFuture(null));
            });
  }

  private Future<List<CommandTimer>> timers(String community) {
    List<CommandTimer> cached = cache.getIfPresent(community);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return store
        .timers(community)
        .map(
            all -> {
              cache.put(community, List.copyOf(all));
              return all;
            });
  }

  void invalidate(String community) {
    cache.invalidate(community);
  }
}
