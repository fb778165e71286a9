package dev.chorus.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A fixed-window limit shared by every process through a {@link StateStore} (Redis in the cluster
 * profile), checked without waiting for the store: {@link #tryTake} answers from the window's count
 * as this process last saw it plus what it admitted since, and reports its admissions to the store
 * in the background (one increment in flight per key; admissions meanwhile go together in the
 * next). Each answer of the store brings the count of all processes, so another process's use is
 * seen one round trip later.
 *
 * <p>So a key is admitted at most {@code limit} times per window by one process, and over all
 * processes at most {@code limit} plus what the others admitted within one round trip of the store.
 * Windows are aligned on the wall clock ({@code millis / windowMs}), the same in every process.
 * When the store fails, the process goes on with its own count alone (it never refuses for a store
 * outage).
 *
 * <p>Thread-safe: one instance per process, shared by its event loops.
 */
public final class SharedWindow {

  /** The state of one key in this process, for the current window. */
  private static final class Slot {
    long window;
    long known; // the store's count, as last answered
    long unconfirmed; // admitted here, not yet in an answer of the store
    long sending; // of those, in the increment in flight
    Future<Long> inFlight;
  }

  private final StateStore store;
  private final String name;
  private final int limit;
  private final long windowMs;
  private final LongSupplier millis;
  private final Cache<String, Slot> slots;

  /**
   * @param name the keys' namespace in the store ({@code <name>:<key>:<window>})
   * @param limit admissions per key per window over all processes
   * @param millis the wall clock in epoch milliseconds
   */
  public SharedWindow(
      StateStore store, String name, int limit, Duration window, LongSupplier millis) {
    this.store = Objects.requireNonNull(store, "store");
    this.name = Objects.requireNonNull(name, "name");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    this.limit = limit;
    this.windowMs = StateArguments.positiveMillis(window, "window");
    this.millis = millis;
    this.slots =
        Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofMillis(2 * windowMs + 60_000))
            .executor(Runnable::run)
            .build();
  }

  public SharedWindow(StateStore store, String name, int limit, Duration window) {
    this(store, name, limit, window, System::currentTimeMillis);
  }

  public int limit() {
    return limit;
  }

  /** Admits one use of {@code key} in {@code community} if the window has room, as far as known. */
  public boolean tryTake(String community, String key) {
    Slot slot = slots.get(community + '\u0000' + key, k -> new Slot());
    long window = millis.getAsLong() / windowMs;
    synchronized (slot) {
      if (slot.window != window) {
        slot.window = window;
        slot.known = 0;
        slot.unconfirmed = 0;
        slot.sending = 0;
        slot.inFlight = null;
      }
      if (slot.known + slot.unconfirmed >= limit) {
        return false;
      }
      slot.unconfirmed++;
      if (slot.inFlight == null) {
        report(slot, community, key);
      }
      return true;
    }
  }

  /**
   * Completes when the store has answered the report in flight for {@code key} (at once when none
   * is): from then on this process knows the count of all processes as of that answer.
   */
  public Future<Void> settled(String community, String key) {
    Slot slot = slots.getIfPresent(community + '\u0000' + key);
    if (slot == null) {
      return Future.succeededFuture();
    }
    Future<Long> f;
    synchronized (slot) {
      f = slot.inFlight;
    }
    return f == null
        ? Future.succeededFuture()
        : f.transform(ar -> Future.<Void>succeededFuture()).compose(v -> settled(community, key));
  }

  /** Sends what was admitted and not yet reported; called holding the slot's lock. */
  private void report(Slot slot, String community, String key) {
    long window = slot.window;
    long delta = slot.unconfirmed;
    slot.sending = delta;
    Future<Long> f =
        store.incrementWithin(
            community, name + ":" + key + ":" + window, delta, Duration.ofMillis(2 * windowMs));
    slot.inFlight = f;
    f.onComplete(
        ar -> {
          synchronized (slot) {
            if (slot.window != window || slot.inFlight != f) {
              return; // a new window began meanwhile
            }
            slot.unconfirmed -= slot.sending;
            slot.sending = 0;
            slot.inFlight = null;
            if (ar.succeeded()) {
              slot.known = Math.max(slot.known, ar.result());
            } else {
              // the store failed: count what was admitted here, so the process limit holds
              slot.known += delta;
            }
            if (slot.unconfirmed > 0) {
              report(slot, community, key);
            }
          }
        });
  }
}
