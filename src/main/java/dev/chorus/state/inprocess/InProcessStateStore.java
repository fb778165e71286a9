package dev.chorus.state.inprocess;

import static dev.chorus.state.StateArguments.positiveMillis;
import static dev.chorus.state.StateArguments.requireValue;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.chorus.state.RateDecision;
import dev.chorus.state.StateKeys;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link StateStore} for the embedded profile: one Caffeine map in this process. Every operation is
 * a single {@link ConcurrentMap#compute} (or get/put/remove) on one key, so it is atomic against
 * other threads and Vert.x instances of the same process. Entries carry their own expiry time;
 * Caffeine removes them when it passes. There is no size bound: evicting a cooldown early would be
 * a bug.
 */
public final class InProcessStateStore implements StateStore {

  private static final long NEVER = Long.MAX_VALUE;

  /** One stored value and when it expires (epoch millis, {@link #NEVER} for none). */
  private record Entry(Object value, long expiresAt) {}

  /** Work on one fully qualified key. */
  @FunctionalInterface
  private interface KeyedWork<T> {
    T apply(String key);
  }

  private final Clock clock;
  private final StateKeys keys;
  private final ConcurrentMap<String, Entry> map;

  public InProcessStateStore(String keyPrefix) {
    this(keyPrefix, Clock.systemUTC());
  }

  public InProcessStateStore(String keyPrefix, Clock clock) {
    this.clock = clock;
    this.keys = new StateKeys(keyPrefix);
    this.map =
        Caffeine.newBuilder()
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String key, Entry entry, long currentTime) {
                    return nanosLeft(entry);
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Entry entry, long currentTime, long currentDuration) {
                    return nanosLeft(entry);
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Entry entry, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .<String, Entry>build()
            .asMap();
  }

  @Override
  public Future<Boolean> tryCooldown(String community, String key, Duration cooldown) {
    return run(
        community,
        StateKeys.COOLDOWN,
        key,
        k -> {
          long millis = positiveMillis(cooldown, "cooldown");
          boolean[] won = new boolean[1];
          map.compute(
              k,
              (ignored, current) -> {
                long now = clock.millis();
                if (live(current, now)) {
                  return current;
                }
                won[0] = true;
                return new Entry(Boolean.TRUE, now + millis);
              });
          return won[0];
        });
  }

  @Override
  public Future<Duration> cooldownRemaining(String community, String key) {
    return run(
        community,
        StateKeys.COOLDOWN,
        key,
        k -> {
          Entry e = map.get(k);
          long now = clock.millis();
          return live(e, now) ? Duration.ofMillis(e.expiresAt() - now) : Duration.ZERO;
        });
  }

  @Override
  public Future<RateDecision> tryAcquire(String community, String key, int limit, Duration window) {
    return run(
        community,
        StateKeys.RATE,
        key,
        k -> {
          if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
          }
          long windowMs = positiveMillis(window, "window");
          RateDecision[] decision = new RateDecision[1];
          map.compute(
              k,
              (ignored, current) -> {
                long now = clock.millis();
                long[] times = live(current, now) ? (long[]) current.value() : new long[0];
                int first = 0;
                while (first < times.length && times[first] <= now - windowMs) {
                  first++;
                }
                long[] inWindow = Arrays.copyOfRange(times, first, times.length);
                if (inWindow.length >= limit) {
                  decision[0] =
                      new RateDecision(
                          false, 0, Duration.ofMillis(Math.max(1, inWindow[0] + windowMs - now)));
                  return new Entry(inWindow, inWindow[inWindow.length - 1] + windowMs);
                }
                long[] next = Arrays.copyOf(inWindow, inWindow.length + 1);
                next[inWindow.length] = now;
                decision[0] = new RateDecision(true, limit - next.length, Duration.ZERO);
                return new Entry(next, now + windowMs);
              });
          return decision[0];
        });
  }

  @Override
  public Future<Long> increment(String community, String key, long delta) {
    return run(
        community,
        StateKeys.COUNTER,
        key,
        k ->
            (Long)
                map.compute(
                        k,
                        (ignored, current) -> {
                          long now = clock.millis();
                          boolean live = live(current, now);
                          long value = live ? (Long) current.value() : 0L;
                          return new Entry(
                              Math.addExact(value, delta), live ? current.expiresAt() : NEVER);
                        })
                    .value());
  }

  @Override
  public Future<Long> incrementWithin(String community, String key, long delta, Duration window) {
    return run(
        community,
        StateKeys.COUNTER,
        key,
        k -> {
          long millis = positiveMillis(window, "window");
          return (Long)
              map.compute(
                      k,
                      (ignored, current) -> {
                        long now = clock.millis();
                        boolean live = live(current, now);
                        long value = live ? (Long) current.value() : 0L;
                        return new Entry(
                            Math.addExact(value, delta), live ? current.expiresAt() : now + millis);
                      })
                  .value();
        });
  }

  @Override
  public Future<Long> counter(String community, String key) {
    return run(
        community,
        StateKeys.COUNTER,
        key,
        k -> {
          Entry e = map.get(k);
          return live(e, clock.millis()) ? (Long) e.value() : 0L;
        });
  }

  @Override
  public Future<Void> put(String community, String key, String value, Duration ttl) {
    return run(
        community,
        StateKeys.VALUE,
        key,
        k -> {
          map.put(k, new Entry(requireValue(value), clock.millis() + positiveMillis(ttl, "ttl")));
          return null;
        });
  }

  @Override
  public Future<Boolean> putIfAbsent(String community, String key, String value, Duration ttl) {
    return run(
        community,
        StateKeys.VALUE,
        key,
        k -> {
          String v = requireValue(value);
          long millis = positiveMillis(ttl, "ttl");
          boolean[] stored = new boolean[1];
          map.compute(
              k,
              (ignored, current) -> {
                long now = clock.millis();
                if (live(current, now)) {
                  return current;
                }
                stored[0] = true;
                return new Entry(v, now + millis);
              });
          return stored[0];
        });
  }

  @Override
  public Future<Boolean> renewIfEquals(
      String community, String key, String expected, Duration ttl) {
    return run(
        community,
        StateKeys.VALUE,
        key,
        k -> {
          String v = requireValue(expected);
          long millis = positiveMillis(ttl, "ttl");
          boolean[] renewed = new boolean[1];
          map.computeIfPresent(
              k,
              (ignored, current) -> {
                long now = clock.millis();
                if (!live(current, now)) {
                  return null;
                }
                if (!v.equals(current.value())) {
                  return current;
                }
                renewed[0] = true;
                return new Entry(v, now + millis);
              });
          return renewed[0];
        });
  }

  @Override
  public Future<Boolean> deleteIfEquals(String community, String key, String expected) {
    return run(community, StateKeys.VALUE, key, k -> removeIfHolds(k, requireValue(expected)));
  }

  /** Removes the live entry {@code k} if it holds {@code value}; an expired one goes either way. */
  private boolean removeIfHolds(String k, String value) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(
        k,
        (ignored, current) -> {
          if (!live(current, clock.millis())) {
            return null;
          }
          if (!current.value().equals(value)) {
            return current;
          }
          removed[0] = true;
          return null;
        });
    return removed[0];
  }

  @Override
  public Future<Optional<String>> get(String community, String key) {
    return run(
        community,
        StateKeys.VALUE,
        key,
        k -> {
          Entry e = map.get(k);
          return live(e, clock.millis()) ? Optional.of((String) e.value()) : Optional.empty();
        });
  }

  @Override
  public Future<Boolean> delete(String community, String key) {
    return run(community, StateKeys.VALUE, key, k -> live(map.remove(k), clock.millis()));
  }

  @Override
  public Future<Void> putVerificationCode(
      String community, String subject, String code, Duration ttl) {
    return run(
        community,
        StateKeys.VERIFICATION,
        subject,
        k -> {
          map.put(k, new Entry(requireValue(code), clock.millis() + positiveMillis(ttl, "ttl")));
          return null;
        });
  }

  @Override
  public Future<Boolean> consumeVerificationCode(String community, String subject, String code) {
    return run(community, StateKeys.VERIFICATION, subject, k -> removeIfHolds(k, code));
  }

  private <T> Future<T> run(String community, String kind, String key, KeyedWork<T> work) {
    try {
      return Future.succeededFuture(work.apply(keys.key(community, kind, key)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private long nanosLeft(Entry entry) {
    if (entry.expiresAt() == NEVER) {
      return Long.MAX_VALUE;
    }
    long millis = Math.max(0, entry.expiresAt() - clock.millis());
    return millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
  }

  private static boolean live(Entry entry, long now) {
    return entry != null && entry.expiresAt() > now;
  }
}
