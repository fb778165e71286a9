package dev.chorus.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/** The cluster profile's Redis client, built from {@link RedisOptions}, with a readiness check. */
public final class RedisStore {

  private final Redis client;
  private final String url;

  private RedisStore(Redis client, String url) {
    this.client = client;
    this.url = url;
  }

  /** A pooled client; nothing is connected until the first command. */
  public static RedisStore create(Vertx vertx, RedisOptions config) {
    io.vertx.redis.client.RedisOptions options =
        new io.vertx.redis.client.RedisOptions()
            .setConnectionString(config.url())
            .setMaxPoolSize(config.poolSize())
            .setMaxPoolWaiting(Math.max(64, config.poolSize() * 256))
            .setMaxWaitingHandlers(4096);
    return new RedisStore(Redis.createClient(vertx, options), config.url());
  }

  /** Opens the client and fails with a message naming the server when it does not answer PING. */
  public static Future<RedisStore> open(Vertx vertx, RedisOptions config) {
    RedisStore store = create(vertx, config);
    return store
        .check()
        .recover(
            e -> {
              store.client.close();
              return Future.failedFuture(
                  new IllegalStateException(
                      "Redis at " + redacted(config.url()) + " does not answer: " + e.getMessage(),
                      e));
            })
        .map(ignored -> store);
  }

  public Redis client() {
    return client;
  }

  /** Succeeds when Redis answers PING. */
  public Future<Void> check() {
    return client.send(Request.cmd(Command.PING)).mapEmpty();
  }

  public Future<Void> close() {
    return client.close();
  }

  @Override
  public String toString() {
    return "Redis " + redacted(url);
  }

  /** The URL without a password, for messages. */
  static String redacted(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
