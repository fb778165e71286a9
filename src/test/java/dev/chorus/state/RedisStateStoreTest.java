package dev.chorus.state;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.redis.RedisStore;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract on Redis, each Vert.x instance with its own client, plus the key layout. */
class RedisStateStoreTest extends StateStoreContract {

  private final String prefix = TestServices.newKeyPrefix();
  private final List<RedisStore> clients = new ArrayList<>();

  @Override
  protected StateStore open(Vertx vertx) {
    RedisStore client = await(RedisStore.open(vertx, TestServices.redis(prefix)));
    clients.add(client);
    return new RedisStateStore(client.client(), prefix);
  }

  @Override
  protected StateStore openSecond(Vertx vertx) {
    return open(vertx);
  }

  @Override
  protected void cleanUp() {
    RedisStore client = clients.get(0);
    List<String> keys = keys(client, prefix + ":*");
    for (String key : keys) {
      await(client.client().send(Request.cmd(Command.DEL).arg(key)));
    }
    clients.forEach(c -> await(c.close()));
  }

  @Test
  void keysCarryPrefixCommunityAndKind() {
    await(store.tryCooldown("acme", "hug", Duration.ofMinutes(1)));
    await(store.increment("acme", "deaths", 1));
    List<String> keys = keys(clients.get(0), prefix + ":{acme}:*");
    assertTrue(keys.contains(prefix + ":{acme}:cd:hug"), keys.toString());
    assertTrue(keys.contains(prefix + ":{acme}:ctr:deaths"), keys.toString());
    Response ttl =
        await(
            clients.get(0).client().send(Request.cmd(Command.PTTL).arg(prefix + ":{acme}:cd:hug")));
    assertTrue(ttl.toLong() > 0, "cooldown keys expire");
    assertEquals(
        -1L,
        await(
                clients
                    .get(0)
                    .client()
                    .send(Request.cmd(Command.PTTL).arg(prefix + ":{acme}:ctr:deaths")))
            .toLong());
  }

  private static List<String> keys(RedisStore client, String pattern) {
    List<String> keys = new ArrayList<>();
    Response reply = await(client.client().send(Request.cmd(Command.KEYS).arg(pattern)));
    reply.forEach(r -> keys.add(r.toString()));
    return keys;
  }
}
