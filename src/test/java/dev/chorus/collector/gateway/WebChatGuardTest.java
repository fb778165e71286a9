package dev.chorus.collector.gateway;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.WebSocketPolicy;
import dev.chorus.ops.Readiness;
import dev.chorus.ops.http.HttpServerVerticle;
import dev.chorus.store.TestServices;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.RawWebSocket;
import dev.chorus.testing.TestCommunities;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile web-chat clients against the real HTTP server (its inflate limit included) and gateway:
 * decompression bombs, oversized fragmented messages, invalid UTF-8, bad frames, floods on one and
 * on several connections, and a client that sends without reading.
 */
class WebChatGuardTest {

  private static final int MAX_MESSAGE = 262_144;

  private Vertx vertx;
  private final ChorusMetrics metrics = ChorusMetrics.inMemory();
  private final AtomicInteger routed = new AtomicInteger();
  private int port;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    await(
        vertx
            .eventBus()
            .<Envelope>consumer(Addresses.INGRESS, m -> routed.incrementAndGet())
            .completion());
    var db = TestServices.openH2(vertx);
    TestCommunities.deploy(vertx, db.sql(), "guard", "other");
    var log = new H2InteractionLog(db);
    await(vertx.deployVerticle(new InteractionsVerticle(log, metrics, 100, 100_000)));
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  private void start(WebChatLimits limits) {
    ChatGuards guards = new ChatGuards(limits, metrics);
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
    port = http.actualPort();
  }

  private static WebChatLimits limits(
      double connectionRate, int connectionBurst, int personBurst, int maxRefusals) {
    return new WebChatLimits(
        MAX_MESSAGE, connectionRate, connectionBurst, 0.001, personBurst, maxRefusals, 300, 4096);
  }

  private static WebChatLimits generous() {
    return limits(100_000, 100_000, 100_000, 100_000);
  }

  private static String chat(String user, String text) {
    return ChatClient.message("guard", user, text).encode();
  }

  private double closed(String reason) {
    var counter = metrics.registry().find(ChorusMetrics.WS_CLOSED).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private void assertServerStillAnswers() throws Exception {
    try (ChatClient chat = ChatClient.connect(vertx, port)) {
      chat.send(ChatClient.message("guard", "bystander", "hello"));
      assertEquals("ack", chat.next().getString("type"));
    }
  }

  @Test
  void aDecompressionBombClosesWith1009AndCompressedChatStillWorks() throws Exception {
    start(generous());
    try (RawWebSocket ws = RawWebSocket.connect(port, true, 0)) {
      assertTrue(ws.deflateAccepted(), "permessage-deflate stays available");
      ws.sendCompressed(chat("zip", "compressed hello").getBytes(StandardCharsets.UTF_8));
      assertEquals("ack", new JsonObject(ws.read().text()).getString("type"));

      byte[] bomb = new byte[40 * 1024 * 1024];
      Arrays.fill(bomb, (byte) ' ');
      byte[] wire = RawWebSocket.compress(bomb);
      assertTrue(wire.length < MAX_MESSAGE, "the bomb is small on the wire: " + wire.length);
      for (int i = 0; i < 4; i++) {
        try {
          ws.sendFrame(true, RawWebSocket.TEXT, true, wire);
        } catch (IOException closedMeanwhile) {
          break;
        }
      }
      assertEquals(1009, ws.awaitClose());
    }
    assertEquals(
        0.0, closed("too_big"), "stopped while inflating: the inflated frame never reached us");
    assertServerStillAnswers();
  }

  @Test
  void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
    start(generous());
    try (RawWebSocket ws = RawWebSocket.connect(port, false, 0)) {
      byte[] part = new byte[100_000];
      Arrays.fill(part, (byte) 'a');
      ws.sendFrame(false, RawWebSocket.TEXT, false, part);
      ws.sendFrame(false, RawWebSocket.CONTINUATION, false, part);
      ws.sendFrame(false, RawWebSocket.CONTINUATION, false, part);
      assertEquals(1009, ws.awaitClose());
    }
    assertEquals(1.0, closed("too_big"));
    assertServerStillAnswers();
  }

  @Test
  void aFragmentedMessageWithinTheLimitIsReassembled() throws Exception {
    start(generous());
    try (RawWebSocket ws = RawWebSocket.connect(port, false, 0)) {
      byte[] message = chat("frag", "in three parts").getBytes(StandardCharsets.UTF_8);
      int third = message.length / 3;
      ws.sendFrame(false, RawWebSocket.TEXT, false, Arrays.copyOfRange(message, 0, third));
      ws.sendFrame(
          false, RawWebSocket.CONTINUATION, false, Arrays.copyOfRange(message, third, 2 * third));
      ws.sendFrame(
          true,
          RawWebSocket.CONTINUATION,
          false,
          Arrays.copyOfRange(message, 2 * third, message.length));
      assertEquals("ack", new JsonObject(ws.read().text()).getString("type"));
    }
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    start(generous());
    try (RawWebSocket ws = RawWebSocket.connect(port, false, 0)) {
      byte[] json = chat("utf", "x").getBytes(StandardCharsets.UTF_8);
      byte[] bad = Arrays.copyOf(json, json.length + 2);
      // An overlong encoding of '/' inside the text: never valid UTF-8.
      bad[json.length - 1] = (byte) 0xC0;
      bad[json.length] = (byte) 0xAF;
      bad[json.length + 1] = '}';
      ws.sendFrame(true, RawWebSocket.TEXT, false, bad);
      assertEquals(1007, ws.awaitClose());
    }
    assertEquals(1.0, closed("invalid_utf8"));
    assertServerStillAnswers();
  }

  @Test
  void aReservedBitWithoutCompressionIsAProtocolError() throws Exception {
    start(generous());
    try (RawWebSocket ws = RawWebSocket.connect(port, false, 0)) {
      ws.sendFrame(true, RawWebSocket.TEXT, true, chat("rsv", "x").getBytes());
      assertEquals(1002, ws.awaitClose());
    }
    assertServerStillAnswers();
  }

  @Test
  void aConnectionOverItsRateGetsErrorFramesThenIsClosed() throws Exception {
    start(limits(0.001, 3, 100_000, 2));
    try (RawWebSocket ws = RawWebSocket.connect(port, false, 0)) {
      for (int i = 0; i < 3; i++) {
        ws.sendText(chat("flood", "spam " + i));
      }
      int acks = 0;
      while (acks < 3) {
        JsonObject json = new JsonObject(ws.read().text());
        assertEquals("ack", json.getString("type"), "the burst is accepted: " + json.encode());
        acks++;
      }
      for (int i = 3; i < 6; i++) {
        ws.sendText(chat("flood", "spam " + i));
      }
      int limited = 0;
      int code;
      while (true) {
        RawWebSocket.Frame frame = ws.read();
        if (frame.opcode() == RawWebSocket.CLOSE) {
          code = frame.closeCode();
          break;
        }
        JsonObject json = new JsonObject(frame.text());
        assertEquals(ConnectionGuard.RATE_LIMITED, json.getString("code"), json.encode());
        limited++;
      }
      assertEquals(3, limited, "each refusal is answered until the connection is closed");
      assertEquals(1008, code);
    }
    assertEquals(3, routed.get(), "refused messages are never acknowledged nor routed");
    assertEquals(1.0, closed("rate_limited"));
  }

  @Test
  void onePersonOnSeveralConnectionsSharesOneBudgetOthersAreUnaffected() throws Exception {
    start(limits(100_000, 100_000, 2, 100));
    try (ChatClient a = ChatClient.connect(vertx, port);
        ChatClient b = ChatClient.connect(vertx, port)) {
      a.send(ChatClient.message("guard", "mallory", "one"));
      assertEquals("ack", a.next().getString("type"));
      b.send(ChatClient.message("guard", "mallory", "two"));
      assertEquals("ack", b.next().getString("type"));
      String id = UUID.randomUUID().toString();
      b.send(ChatClient.message("guard", "mallory", "three").put("id", id));
      JsonObject refused = b.next();
      assertEquals(ConnectionGuard.RATE_LIMITED, refused.getString("code"), refused.encode());
      assertEquals(id, refused.getString("id"), "the refusal names the message");
      a.send(ChatClient.message("guard", "alice", "hi"));
      assertEquals("ack", a.next().getString("type"), "another person on the same socket");
      b.send(ChatClient.message("other", "mallory", "hi"));
      assertEquals("ack", b.next().getString("type"), "the same user id in another community");
    }
  }

  @Test
  void aClientThatSendsAndNeverReadsIsPausedThenClosed() throws Exception {
    start(limits(1e9, 1_000_000_000, 1_000_000_000, 1_000_000_000));
    int sent = 200_000;
    try (RawWebSocket ws = RawWebSocket.connect(port, false, 4096)) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < sent; i++) {
                    ws.sendText("x"); // each answered with an invalid_json error frame
                  }
                } catch (IOException closed) {
                  // the server gave up on us: expected
                }
              });
      writer.setDaemon(true);
      writer.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (closed("slow_reader") < 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1.0, closed("slow_reader"), "the non-reading client is closed");
      double answered =
          metrics
              .registry()
              .get(ChorusMetrics.EVENTS_REJECTED)
              .tag("code", ChatFrame.INVALID_JSON)
              .counter()
              .count();
      assertTrue(
          answered < sent / 2,
          "the server stopped reading instead of queueing answers: " + answered + " answered");
    }
    assertServerStillAnswers();
  }
}
