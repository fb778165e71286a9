package dev.chorus.state.redis;

import static dev.chorus.state.StateArguments.positiveMillis;
import static dev.chorus.state.StateArguments.requireValue;

import dev.chorus.state.RateDecision;
import dev.chorus.state.StateKeys;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link StateStore} on Redis. Each operation is one Redis command or one Lua script, which Redis
 * runs atomically: cooldowns are {@code SET NX PX}, counters {@code INCRBY}, the sliding-window
 * rate limit, the compare-and-delete of verification codes and the compare-and-renew of leases are
 * scripts. Scripts read the clock with {@code TIME}, so every process of the cluster measures
 * windows on the same clock.
 *
 * <p>Key layout: {@code <redis.keyPrefix>:{<community>}:<kind>:<key>} (see {@link StateKeys}).
 */
public final class RedisStateStore implements StateStore {

  /**
   * Sliding-window log: KEYS[1] a sorted set of acquisition times (microseconds); ARGV limit,
   * window in ms, a unique member. Returns {allowed (1/0), remaining, retry-after ms}.
   */
  /** INCRBY, and the window's expiry when the counter has none (it was just created). */
  static final String WINDOW_COUNTER_SCRIPT =
      """
      local value = redis.call('INCRBY', KEYS[1], ARGV[1])
      if redis.call('PTTL', KEYS[1]) < 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return value
      """;

  static final String RATE_SCRIPT =
      """
      local key = KEYS[1]
      local limit = tonumber(ARGV[1])
      local window_ms = tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window_ms * 1000)
      local count = redis.call('ZCARD', key)
      if count < limit then
        redis.call('ZADD', key, now, ARGV[3])
        redis.call('PEXPIRE', key, window_ms)
        return {1, limit - count - 1, 0}
      end
      local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
      local retry = math.ceil((tonumber(oldest[2]) + window_ms * 1000 - now) / 1000)
      if retry < 1 then retry = 1 end
      return {0, 0, retry}
      """;

  /**
   * Compare-and-delete: KEYS[1] the code's key, ARGV[1] the offered code. Returns 1 when it
   * matched.
   */
  static final String CONSUME_SCRIPT =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('DEL', KEYS[1])
        return 1
      end
      return 0
      """;

  /**
   * Compare-and-renew: KEYS[1] the key, ARGV[1] the expected value, ARGV[2] the new TTL in ms.
   * Returns 1 when the key held the value and was given the TTL.
   */
  static final String RENEW_SCRIPT =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      return 0
      """;

  private final Redis redis;
  private final StateKeys keys;

  /**
   * @param redis a client this store does not own (closed by whoever created it)
   * @param keyPrefix the deployment's prefix ({@code redis.keyPrefix})
   */
  public RedisStateStore(Redis redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new StateKeys(keyPrefix);
  }

  @Override
  public Future<Boolean> tryCooldown(String community, String key, Duration cooldown) {
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.SET)
                        .arg(keys.key(community, StateKeys.COOLDOWN, key))
                        .arg("1")
                        .arg("NX")
                        .arg("PX")
                        .arg(positiveMillis(cooldown, "cooldown")))
                .map(r -> r != null));
  }

  @Override
  public Future<Duration> cooldownRemaining(String community, String key) {
    return guard(
        () ->
            redis
                .send(Request.cmd(Command.PTTL).arg(keys.key(community, StateKeys.COOLDOWN, key)))
                .map(
                    r ->
                        r == null || r.toLong() < 0
                            ? Duration.ZERO
                            : Duration.ofMillis(r.toLong())));
  }

  @Override
  public Future<RateDecision> tryAcquire(String community, String key, int limit, Duration window) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be at least 1"));
    }
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.EVAL)
                        .arg(RATE_SCRIPT)
                        .arg(1)
                        .arg(keys.key(community, StateKeys.RATE, key))
                        .arg(limit)
                        .arg(positiveMillis(window, "window"))
                        .arg(UUID.randomUUID().toString()))
                .map(
                    r ->
                        new RateDecision(
                            r.get(0).toInteger() == 1,
                            r.get(1).toLong(),
                            Duration.ofMillis(r.get(2).toLong()))));
  }

  @Override
  public Future<Long> increment(String community, String key, long delta) {
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.INCRBY)
                        .arg(keys.key(community, StateKeys.COUNTER, key))
                        .arg(delta))
                .map(Response::toLong));
  }

  @Override
  public Future<Long> incrementWithin(String community, String key, long delta, Duration window) {
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.EVAL)
                        .arg(WINDOW_COUNTER_SCRIPT)
                        .arg(1)
                        .arg(keys.key(community, StateKeys.COUNTER, key))
                        .arg(delta)
                        .arg(positiveMillis(window, "window")))
                .map(Response::toLong));
  }

  @Override
  public Future<Long> counter(String community, String key) {
    return guard(
        () ->
            redis
                .send(Request.cmd(Command.GET).arg(keys.key(community, StateKeys.COUNTER, key)))
                .map(r -> r == null ? 0L : r.toLong()));
  }

  @Override
  public Future<Void> put(String community, String key, String value, Duration ttl) {
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.SET)
                        .arg(keys.key(community, StateKeys.VALUE, key))
                        .arg(requireValue(value))
                        .arg("PX")
                        .arg(positiveMillis(ttl, "ttl")))
                .mapEmpty());
  }

  @Override
  public Future<Boolean> putIfAbsent(String community, String key, String value, Duration ttl) {
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.SET)
                        .arg(keys.key(community, StateKeys.VALUE, key))
                        .arg(requireValue(value))
                        .arg("NX")
                        .arg("PX")
                        .arg(positiveMillis(ttl, "ttl")))
                .map(r -> r != null));
  }

  @Override
  public Future<Boolean> renewIfEquals(
      String community, String key, String expected, Duration ttl) {
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.EVAL)
                        .arg(RENEW_SCRIPT)
                        .arg(1)
                        .arg(keys.key(community, StateKeys.VALUE, key))
                        .arg(requireValue(expected))
                        .arg(positiveMillis(ttl, "ttl")))
                .map(r -> r.toInteger() == 1));
  }

  @Override
  public Future<Boolean> deleteIfEquals(String community, String key, String expected) {
    return guard(() -> removeIfHolds(keys.key(community, StateKeys.VALUE, key), expected));
  }

  /** Deletes {@code redisKey} if it holds {@code value}, atomically (one script). */
  private Future<Boolean> removeIfHolds(String redisKey, String value) {
    return redis
        .send(
            Request.cmd(Command.EVAL)
                .arg(CONSUME_SCRIPT)
                .arg(1)
                .arg(redisKey)
                .arg(requireValue(value)))
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Optional<String>> get(String community, String key) {
    return guard(
        () ->
            redis
                .send(Request.cmd(Command.GET).arg(keys.key(community, StateKeys.VALUE, key)))
                .map(r -> r == null ? Optional.<String>empty() : Optional.of(r.toString())));
  }

  @Override
  public Future<Boolean> delete(String community, String key) {
    return guard(
        () ->
            redis
                .send(Request.cmd(Command.DEL).arg(keys.key(community, StateKeys.VALUE, key)))
                .map(r -> r.toLong() > 0));
  }

  @Override
  public Future<Void> putVerificationCode(
      String community, String subject, String code, Duration ttl) {
    return guard(
        () ->
            redis
                .send(
                    Request.cmd(Command.SET)
                        .arg(keys.key(community, StateKeys.VERIFICATION, subject))
                        .arg(requireValue(code))
                        .arg("PX")
                        .arg(positiveMillis(ttl, "ttl")))
                .mapEmpty());
  }

  @Override
  public Future<Boolean> consumeVerificationCode(String community, String subject, String code) {
    return guard(() -> removeIfHolds(keys.key(community, StateKeys.VERIFICATION, subject), code));
  }

  /** Turns argument errors thrown while building a request into a failed future. */
  private static <T> Future<T> guard(java.util.function.Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
