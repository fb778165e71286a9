package dev.chorus.store.redis;

import java.util.Objects;

/**
 * What {@link RedisStore} needs: where Redis is and how many connections to pool.
 *
 * @param url {@code redis://[:password@]host:port[/db]}
 * @param poolSize connections per process
 * @param keyPrefix prefix of every key this deployment writes (the state stores use it)
 */
public record RedisOptions(String url, int poolSize, String keyPrefix) {

  public RedisOptions {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new IllegalArgumentException(
          "Redis url must start with redis:// or rediss:// (got " + RedisStore.redacted(url) + ")");
    }
    if (poolSize < 1 || poolSize > 256) {
      throw new IllegalArgumentException("Redis poolSize must be 1..256 (got " + poolSize + ")");
    }
    if (keyPrefix == null || keyPrefix.isBlank()) {
      throw new IllegalArgumentException("Redis keyPrefix must not be blank");
    }
  }

  /** Everything but a password in the URL. */
  @Override
  public String toString() {
    return "RedisOptions[url="
        + RedisStore.redacted(url)
        + ", poolSize="
        + poolSize
        + ", keyPrefix="
        + keyPrefix
        + "]";
  }
}
