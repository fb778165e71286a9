package dev.chorus.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.OverlayClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay feed of a whole Chorus process, with real WebSocket clients. */
class OverlayFeedTest {

  @TempDir static Path dataDir;

  static Chorus chorus;
  static Vertx client;
  static WebSocketClient sockets;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir, Map.of("overlay.replayFrames", "50"));
    client = Vertx.vertx();
    sockets = client.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(2_000));
    http = WebClient.create(client);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close().await();
    }
    if (chorus != null) {
      chorus.stop().await();
    }
  }

  static String rotate(String community) throws Exception {
    var response =
        http.post(
                chorus.httpPort(),
                "127.0.0.1",
                "/api/v1/communities/" + community + "/overlay/token")
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .send()
            .await(10, TimeUnit.SECONDS);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject().getString("token");
  }

  /** Creates {@code community} so the web chat's events for it are accepted. */
  static void create(String community) throws Exception {
    var response =
        http.post(chorus.httpPort(), "127.0.0.1", "/api/v1/communities")
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .sendJsonObject(new JsonObject().put("id", community))
            .await(10, TimeUnit.SECONDS);
    assertEquals(201, response.statusCode(), response.bodyAsString());
  }

  static String community() {
    return "c" + UUID.randomUUID().toString().substring(0, 8);
  }

  static int refusal(Future<?> connect) {
    try {
      connect.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      assertInstanceOf(UpgradeRejectedException.class, e);
      return ((UpgradeRejectedException) e).getStatus();
    }
    return fail("the upgrade was accepted");
  }

  /** Publishes envelopes as routers do when slips finish. */
  static void finish(Envelope envelope) {
    chorus.vertx().eventBus().publish(Addresses.OVERLAY, envelope);
  }

  static Envelope line(String community, String user, String text) {
    return Envelope.accepted(
        EventType.CHAT_MESSAGE,
        community,
        "twitch",
        new Channel(community, community),
        new Author(user, user, user, List.of()),
        text,
        Instant.now(),
        "test");
  }

  @Test
  void wrongTokenMissingTokenAndForeignOriginAreRefused() throws Exception {
    String community = community();
    String token = rotate(community);
    int port = chorus.httpPort();
    assertEquals(401, refusal(OverlayClient.connect(sockets, port, community, "wrong", -1)));
    assertEquals(401, refusal(OverlayClient.connect(sockets, port, community, "", -1)));
    assertEquals(401, refusal(OverlayClient.connect(sockets, port, community(), token, -1)));
    assertEquals(
        403,
        refusal(
            sockets.connect(
                OverlayClient.options(port, community, token, -1, "https://evil.example"))));
    assertEquals(
        400,
        refusal(
            sockets.connect(
                OverlayClient.options(port, community, token, -1, null)
                    .setURI("/ws/overlay/" + community + "?token=" + token + "&since=abc"))));
    // The server's own origin, and no origin at all (OBS), are fine.
    sockets
        .connect(OverlayClient.options(port, community, token, -1, "http://127.0.0.1:" + port))
        .await(10, TimeUnit.SECONDS)
        .close()
        .await();
    try (OverlayClient ok = OverlayClient.open(sockets, port, community, token, -1)) {
      assertEquals("hello", ok.next().getString("type"));
      // Rotating closes the connections of the old token, and refuses it from then on.
      String next = rotate(community);
      long deadline = System.currentTimeMillis() + 10_000;
      while (!ok.isClosed() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(ok.isClosed());
      assertEquals((short) 4001, ok.closeStatus());
      assertEquals(401, refusal(OverlayClient.connect(sockets, port, community, token, -1)));
      OverlayClient.open(sockets, port, community, next, -1).close();
    }
  }

  /** A key of {@code scope} for {@code community} made through {@code /api/v1/keys}: {id, key}. */
  static JsonObject key(String scope, String community) throws Exception {
    JsonObject body = new JsonObject().put("scope", scope).put("community", community);
    if (scope.equals("chat")) {
      body.put("name", "Viewer").put("level", "viewer");
    }
    var response =
        http.post(chorus.httpPort(), "127.0.0.1", "/api/v1/keys")
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .sendJsonObject(body)
            .await(10, TimeUnit.SECONDS);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  static void awaitClosed(OverlayClient c) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!c.isClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void overlayKeysAreFeedTokensOfTheirCommunityOnlyAndRevokingOneClosesItsFeeds() throws Exception {
    String community = community();
    int port = chorus.httpPort();
    JsonObject first = key("overlay", community);
    JsonObject second = key("overlay", community);
    // Keys of other scopes, or another community's overlay key, are no overlay token here.
    for (JsonObject other :
        List.of(
            key("chat", community),
            key("read", community),
            key("owner", community),
            key("overlay", community()))) {
      assertEquals(
          401,
          refusal(OverlayClient.connect(sockets, port, community, other.getString("key"), -1)),
          other.encode());
    }
    assertEquals(
        401, refusal(OverlayClient.connect(sockets, port, community, TestChorus.ADMIN_KEY, -1)));
    var status =
        http.get(port, "127.0.0.1", "/api/v1/communities/" + community + "/overlay/token")
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .send()
            .await(10, TimeUnit.SECONDS);
    assertEquals(true, status.bodyAsJsonObject().getBoolean("configured"), status.bodyAsString());
    try (OverlayClient a =
            OverlayClient.open(sockets, port, community, first.getString("key"), -1);
        OverlayClient b =
            OverlayClient.open(sockets, port, community, second.getString("key"), -1)) {
      assertEquals("hello", a.next().getString("type"));
      assertEquals("hello", b.next().getString("type"));
      var revoked =
          http.delete(port, "127.0.0.1", "/api/v1/keys/" + first.getString("id"))
              .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
              .send()
              .await(10, TimeUnit.SECONDS);
      assertEquals(204, revoked.statusCode(), revoked.bodyAsString());
      awaitClosed(a);
      assertTrue(a.isClosed());
      assertEquals((short) 4001, a.closeStatus());
      assertFalse(b.isClosed(), "the community's other overlay key keeps its feed");
      assertEquals(
          401,
          refusal(OverlayClient.connect(sockets, port, community, first.getString("key"), -1)));
      // A rotation ends every overlay key of the community, the other one too.
      rotate(community);
      awaitClosed(b);
      assertEquals((short) 4001, b.closeStatus());
    }
  }

  @Test
  void aLineSentThroughTheWebChatReachesTheOverlayWithItsReply() throws Exception {
    String community = community();
    create(community);
    String token = rotate(community);
    try (OverlayClient overlay =
            OverlayClient.open(sockets, chorus.httpPort(), community, token, -1);
        ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals("hello", overlay.next().getString("type"));
      chat.send(ChatClient.message(community, "alice", "!ping"));
      JsonObject line = overlay.next();
      assertEquals("chat.message", line.getString("type"));
      assertEquals("!ping", line.getString("text"));
      assertEquals("alice", line.getJsonObject("author").getString("name"));
      assertEquals("web", line.getString("platform"));
      JsonObject reply = overlay.next();
      assertEquals(OverlayFrames.BOT_REPLY, reply.getString("type"));
      assertEquals("pong", reply.getString("text"));
      assertEquals(line.getString("id"), reply.getString("inReplyTo"));
      assertEquals(line.getLong("seq") + 1, reply.getLong("seq"));
    }
  }

  @Test
  void aClientThatReconnectsWithSinceGetsWhatItMissed() throws Exception {
    String community = community();
    String token = rotate(community);
    int port = chorus.httpPort();
    long seen;
    try (OverlayClient first = OverlayClient.open(sockets, port, community, token, -1)) {
      assertEquals(0L, first.next().getLong("seq"));
      finish(line(community, "a", "one"));
      seen = first.next().getLong("seq");
    }
    for (String text : List.of("two", "three", "four")) {
      finish(line(community, "a", text));
    }
    // The feed has them once a client that stayed away can see them: wait through a fresh client.
    try (OverlayClient probe = OverlayClient.open(sockets, port, community, token, 0)) {
      List<String> texts = new ArrayList<>();
      probe.next("hello");
      while (texts.size() < 4) {
        texts.add(probe.next().getString("text"));
      }
      assertEquals(List.of("one", "two", "three", "four"), texts);
    }
    try (OverlayClient again = OverlayClient.open(sockets, port, community, token, seen)) {
      JsonObject hello = again.next();
      assertEquals("hello", hello.getString("type"));
      assertEquals(3, hello.getInteger("replay"));
      assertEquals(seen + 3, hello.getLong("seq"));
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonObject frame = again.next();
        assertEquals(seen + 1 + i, frame.getLong("seq"));
        texts.add(frame.getString("text"));
      }
      assertEquals(List.of("two", "three", "four"), texts);
      finish(line(community, "a", "five"));
      assertEquals("five", again.next().getString("text"));
    }
    // Older than the buffer holds: a gap frame says so before the replay.
    for (int i = 0; i < 60; i++) {
      finish(line(community, "b", "filler " + i));
    }
    // As above, the fillers are in the feed once a fresh client has seen the last of them.
    try (OverlayClient probe = OverlayClient.open(sockets, port, community, token, 0)) {
      for (int i = 0; i < 200; i++) {
        if ("filler 59".equals(probe.next().getString("text"))) {
          break;
        }
      }
    }
    try (OverlayClient late = OverlayClient.open(sockets, port, community, token, seen)) {
      assertEquals("hello", late.next().getString("type"));
      JsonObject gap = late.next();
      assertEquals("gap", gap.getString("type"), gap.encode());
      assertEquals(seen + 1, gap.getLong("from"));
    }
  }

  @Test
  void aThousandClientsAllGetABurstOfAHundredEventsInOrder() throws Exception {
    String community = community();
    String token = rotate(community);
    int port = chorus.httpPort();
    List<OverlayClient> clients = new ArrayList<>();
    try {
      for (int batch = 0; batch < 10; batch++) {
        List<Future<OverlayClient>> connecting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          connecting.add(OverlayClient.connect(sockets, port, community, token, -1));
        }
        for (Future<OverlayClient> f : connecting) {
          clients.add(f.await(30, TimeUnit.SECONDS));
        }
      }
      for (int i = 0; i < 100; i++) {
        finish(line(community, "u" + (i % 7), "event " + i));
      }
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline
          && clients.stream().anyMatch(c -> c.queued() < 101)) {
        Thread.sleep(50);
      }
      for (OverlayClient c : clients) {
        List<JsonObject> frames = c.drain();
        assertEquals(101, frames.size(), "hello and 100 frames");
        assertEquals("hello", frames.get(0).getString("type"));
        long first = frames.get(1).getLong("seq");
        for (int i = 0; i < 100; i++) {
          JsonObject frame = frames.get(i + 1);
          assertEquals(first + i, frame.getLong("seq"));
          assertEquals("event " + i, frame.getString("text"));
        }
      }
    } finally {
      for (OverlayClient c : clients) {
        c.close();
      }
    }
  }

  @Test
  void aClientThatStopsReadingIsDroppedAndTheHeapStaysFlat() throws Exception {
    String community = community();
    String token = rotate(community);
    int port = chorus.httpPort();
    double droppedBefore = dropped();
    try (StalledClient stalled = StalledClient.open(port, community, token);
        OverlayClient reader = OverlayClient.open(sockets, port, community, token, -1)) {
      reader.next("hello");
      long heapBefore = usedHeapAfterGc();
      String text = "x".repeat(2_000);
      int sent = 0;
      long deadline = System.currentTimeMillis() + 30_000;
      while (dropped() == droppedBefore && System.currentTimeMillis() < deadline) {
        for (int i = 0; i < 500; i++) {
          finish(line(community, "flood", text));
        }
        sent += 500;
        // Keep the reader current, so what queues up is the stalled client's alone.
        while (reader.queued() > 0 || countReceived < sent) {
          JsonObject frame = reader.poll(5_000);
          assertNotNull(frame, "the reading client kept getting frames");
          countReceived++;
        }
      }
      assertTrue(dropped() > droppedBefore, "the stalled client was dropped after " + sent);
      long heapAfter = usedHeapAfterGc();
      assertTrue(
          heapAfter - heapBefore < 64L * 1024 * 1024,
          "heap grew by " + (heapAfter - heapBefore) / 1024 + " KiB after " + sent + " frames");
      assertTrue(stalled.closedByServer(), "the server closed the stalled connection");
    } finally {
      countReceived = 0;
    }
  }

  private static int countReceived;

  private static double dropped() {
    var counter = chorus.metrics().registry().find(ChorusMetrics.OVERLAY_DROPPED).counter();
    return counter == null ? 0 : counter.count();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
