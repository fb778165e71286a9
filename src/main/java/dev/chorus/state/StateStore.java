package dev.chorus.state;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Short-lived shared state: cooldowns, rate limits, counters, verification codes and TTL keys, each
 * scoped by community. Every operation is atomic in the store, so any number of processes may race
 * on the same key.
 *
 * <p>Adapters: {@code state.inprocess.InProcessStateStore} (embedded profile, one process) and
 * {@code state.redis.RedisStateStore} (cluster profile); both pass {@code StateStoreContract}. Keys
 * are free text chosen by the caller ({@code "cmd:hug:user:42"}); the adapter adds the deployment
 * prefix and the community.
 */
public interface StateStore {

  /**
   * Starts a cooldown on {@code key} unless one is running. Exactly one of any number of concurrent
   * callers gets {@code true}; the others get {@code false} until the cooldown has expired.
   */
  Future<Boolean> tryCooldown(String community, String key, Duration cooldown);

  /** Time left on a running cooldown, or {@link Duration#ZERO} when none runs. */
  Future<Duration> cooldownRemaining(String community, String key);

  /**
   * Sliding-window rate limit: allows at most {@code limit} acquisitions of {@code key} in any
   * {@code window}. An allowed call is counted; a refused one is not.
   */
  Future<RateDecision> tryAcquire(String community, String key, int limit, Duration window);

  /** Adds {@code delta} to a counter (created at 0) and returns the new value. */
  Future<Long> increment(String community, String key, long delta);

  /**
   * Adds {@code delta} to a counter that expires {@code window} after its first increment (created
   * at 0, and again after it expired), and returns the new value: a fixed-window total such as
   * "tokens this hour" that cleans itself up. {@link #counter} reads it.
   */
  Future<Long> incrementWithin(String community, String key, long delta, Duration window);

  /** A counter's value, 0 when it does not exist. */
  Future<Long> counter(String community, String key);

  /** Stores {@code value} under {@code key} for {@code ttl}, replacing any value. */
  Future<Void> put(String community, String key, String value, Duration ttl);

  /**
   * Stores {@code value} for {@code ttl} only when {@code key} holds nothing; true when it was
   * stored.
   */
  Future<Boolean> putIfAbsent(String community, String key, String value, Duration ttl);

  /**
   * Compare-and-set renewal: gives {@code key} a fresh {@code ttl} only while it holds {@code
   * expected}, atomically; true when renewed. A key that expired or holds another value is left
   * alone, so a lease holder that lost its lease to another holder cannot take it back by renewing.
   */
  Future<Boolean> renewIfEquals(String community, String key, String expected, Duration ttl);

  /**
   * Compare-and-delete: removes {@code key} only while it holds {@code expected}, atomically; true
   * when removed. Releasing a lease never removes another holder's.
   */
  Future<Boolean> deleteIfEquals(String community, String key, String expected);

  /** The value under {@code key}, empty when absent or expired. */
  Future<Optional<String>> get(String community, String key);

  /** Removes {@code key}; true when it existed. */
  Future<Boolean> delete(String community, String key);

  /**
   * Issues a verification code for {@code subject} (replacing an earlier one), valid for {@code
   * ttl}.
   */
  Future<Void> putVerificationCode(String community, String subject, String code, Duration ttl);

  /**
   * Checks {@code code} against the one issued for {@code subject} and, when it matches, consumes
   * it: a code verifies at most once, even under concurrent attempts. A wrong code leaves it in
   * place.
   */
  Future<Boolean> consumeVerificationCode(String community, String subject, String code);
}
