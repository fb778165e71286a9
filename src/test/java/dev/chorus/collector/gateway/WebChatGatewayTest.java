package dev.chorus.collector.gateway;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.event.Addresses;
import dev.chorus.event.Delivery;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Platforms;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.WebSocketPolicy;
import dev.chorus.store.TestServices;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestCommunities;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway on its own (no router, no stages): how each ingest outcome reaches the socket, and
 * how a reply addressed to the gateway's origin comes back to it.
 */
class WebChatGatewayTest {

  private Vertx vertx;
  private final ChorusMetrics metrics = ChorusMetrics.inMemory();
  private final LinkedBlockingQueue<Envelope> routed = new LinkedBlockingQueue<>();
  private volatile WebChatGateway gateway;
  private volatile int port;

  /** The part of the HTTP server verticle that matters here: one router with the gateway. */
  private final class GatewayVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
      gateway =
          new WebChatGateway(
              vertx,
              new WebChatGateway.Options(500, 65536, WebSocketPolicy.loopback(), 1000, 10_000),
              metrics);
      Router router = Router.router(vertx);
      return gateway
          .mount(router)
          .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
          .onSuccess(server -> port = server.actualPort());
    }
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    await(
        vertx
            .eventBus()
            .<Envelope>consumer(Addresses.INGRESS, message -> routed.add(message.body()))
            .completion());
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  private ChatClient start(int logQueue) throws Exception {
    if (logQueue >= 0) {
      var db = TestServices.openH2(vertx);
      TestCommunities.deploy(vertx, db.sql(), "gw");
      var log = new H2InteractionLog(db);
      await(vertx.deployVerticle(new InteractionsVerticle(log, metrics, 100, logQueue)));
    }
    await(vertx.deployVerticle(new GatewayVerticle()));
    return ChatClient.connect(vertx, port);
  }

  @Test
  void anAcceptedMessageIsAckedRoutedWithTheGatewaysOriginAndItsReplyComesBack() throws Exception {
    try (ChatClient chat = start(10_000)) {
      chat.send(ChatClient.message("gw", "alice", "!ping"));
      String id = chat.next("ack").getString("id");
      Envelope event = routed.poll(30, TimeUnit.SECONDS);
      assertEquals(id, event.id());
      assertEquals(gateway.origin(), event.origin());

      Delivery pong = new Delivery("r-1", id, Platforms.WEB, event.channel().id(), "pong");
      vertx
          .eventBus()
          .send(Addresses.egress(Platforms.WEB, event.origin()), new JsonObject(pong.toJson()));

      assertEquals(
          new JsonObject()
              .put("type", "reply")
              .put("id", "r-1")
              .put("inReplyTo", id)
              .put("channel", "gw")
              .put("text", "pong"),
          chat.next());
    }
  }

  @Test
  void aFullLogGetsAnOverloadedErrorFrameWithTheId() throws Exception {
    try (ChatClient chat = start(0)) {
      JsonObject frame = ChatClient.message("gw", "bob", "hi").put("id", uuid());
      chat.send(frame);
      JsonObject error = chat.next();
      assertEquals("error", error.getString("type"), error.encode());
      assertEquals("overloaded", error.getString("code"));
      assertEquals(frame.getString("id"), error.getString("id"));
    }
  }

  @Test
  void noLogGetsAnUnavailableErrorFrameAndTheConnectionStaysOpen() throws Exception {
    try (ChatClient chat = start(-1)) {
      chat.send(ChatClient.message("gw", "carol", "hi"));
      JsonObject error = chat.next();
      assertEquals("unavailable", error.getString("code"), error.encode());
      chat.send(ChatClient.message("gw", "carol", "hi again"));
      assertEquals("unavailable", chat.next().getString("code"));
    }
    assertEquals(
        2.0,
        metrics
            .registry()
            .get(ChorusMetrics.EVENTS_REJECTED)
            .tag("code", "unavailable")
            .counter()
            .count(),
        "each refusal counted once");
  }

  private static String uuid() {
    return java.util.UUID.randomUUID().toString();
  }
}
