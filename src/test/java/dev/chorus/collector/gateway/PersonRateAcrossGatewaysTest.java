package dev.chorus.collector.gateway;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.WebSocketPolicy;
import dev.chorus.ops.Readiness;
import dev.chorus.ops.http.HttpServerVerticle;
import dev.chorus.state.SharedWindow;
import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.redis.RedisStore;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestCommunities;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gateway.ratePerPerson} over two gateways that share nothing but Redis (each with its own
 * client, as two processes would): a person who spent their window on one is refused on the other
 * once that one has heard from Redis, while the same budget per process alone would have let them
 * send it again there.
 */
class PersonRateAcrossGatewaysTest {

  private static final int MAX_MESSAGE = 262_144;
  private final ChorusMetrics metrics = ChorusMetrics.inMemory();
  private final String prefix = TestServices.newKeyPrefix();
  private final List<RedisStore> clients = new ArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    await(vertx.eventBus().<Envelope>consumer(Addresses.INGRESS, m -> {}).completion());
    var db = TestServices.openH2(vertx);
    TestCommunities.deploy(vertx, db.sql(), "guard");
    await(
        vertx.deployVerticle(
            new InteractionsVerticle(new H2InteractionLog(db), metrics, 100, 1000)));
  }

  @AfterEach
  void tearDown() {
    clients.forEach(c -> await(c.close()));
    await(vertx.close());
  }

  /** A gateway with its own Redis client; returns its port. */
  private int gateway(WebChatLimits limits, SharedWindow[] window) {
    RedisStore client = await(RedisStore.open(vertx, TestServices.redis(prefix)));
    clients.add(client);
    window[0] = ChatGuards.personWindow(new RedisStateStore(client.client(), prefix), limits);
    ChatGuards guards = new ChatGuards(limits, metrics, window[0]);
    HttpServerVerticle http =
        new HttpServerVerticle(
            new HttpServerVerticle.Options("127.0.0.1", 0, MAX_MESSAGE, null, "embedded"),
            new Readiness(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            List.of(
                (v, router) ->
                    new WebChatGateway(
                            v,
                            new WebChatGateway.Options(
                                500, 65536, WebSocketPolicy.loopback(), 1000, 10_000),
                            metrics,
                            guards)
                        .mount(router)));
    await(vertx.deployVerticle(http));
    return http.actualPort();
  }

  private static String send(ChatClient chat, String user, String text) throws Exception {
    chat.send(ChatClient.message("guard", user, text));
    JsonObject frame = chat.next();
    return "error".equals(frame.getString("type"))
        ? frame.getString("code")
        : frame.getString("type");
  }

  @Test
  void aPersonsWindowSpentOnOneGatewayIsSpentOnTheOther() throws Exception {
    // 3 messages per person, refilled at 0.001/s: one window for the whole test
    WebChatLimits limits =
        new WebChatLimits(MAX_MESSAGE, 100_000, 100_000, 0.001, 3, 100, 300, 4096);
    SharedWindow[] a = new SharedWindow[1];
    SharedWindow[] b = new SharedWindow[1];
    int portA = gateway(limits, a);
    int portB = gateway(limits, b);
    try (ChatClient onA = ChatClient.connect(vertx, portA);
        ChatClient onB = ChatClient.connect(vertx, portB)) {
      for (int i = 0; i < 3; i++) {
        assertEquals("ack", send(onA, "mallory", "a" + i));
      }
      assertEquals(ConnectionGuard.RATE_LIMITED, send(onA, "mallory", "a3"));
      await(a[0].settled("guard", "mallory"));
      // B has not seen mallory: the first is admitted and Redis's answer says the window is spent
      assertEquals("ack", send(onB, "mallory", "b0"));
      await(b[0].settled("guard", "mallory"));
      assertEquals(ConnectionGuard.RATE_LIMITED, send(onB, "mallory", "b1"));
      assertEquals(ConnectionGuard.RATE_LIMITED, send(onB, "mallory", "b2"));
      assertEquals("ack", send(onB, "alice", "hi"), "another person keeps their own window");
    }
  }
}
