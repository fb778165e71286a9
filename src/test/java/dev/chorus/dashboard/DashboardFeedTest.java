package dev.chorus.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ws/dashboard}: sign-in by first frame, refusals, and the relayed frames. */
class DashboardFeedTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;
  static WebSocketClient sockets;

  @BeforeAll
  static void start() throws Exception {
    chorus = TestChorus.start(dataDir);
    client = Vertx.vertx();
    sockets = client.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    client.close().await();
    chorus.stop().await();
  }

  record Session(
      WebSocket socket, LinkedBlockingQueue<JsonObject> frames, AtomicReference<Short> closed) {
    JsonObject next() throws InterruptedException {
      JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no frame in 10 s");
      }
      return frame;
    }

    short awaitClose() throws InterruptedException {
      long deadline = System.currentTimeMillis() + 15_000;
      while (closed.get() == null && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      return closed.get() == null ? -1 : closed.get();
    }
  }

  static Session open(String origin) throws Exception {
    return open(origin, null);
  }

  static Session open(String origin, String cookie) throws Exception {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(chorus.httpPort())
            .setURI("/ws/dashboard");
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    WebSocket socket = sockets.connect(options).await(10, TimeUnit.SECONDS);
    LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    AtomicReference<Short> closed = new AtomicReference<>();
    socket.textMessageHandler(t -> frames.add(new JsonObject(t)));
    socket.closeHandler(v -> closed.set(socket.closeStatusCode()));
    return new Session(socket, frames, closed);
  }

  static JsonObject auth(String key, String community) {
    return new JsonObject().put("type", "auth").put("key", key).put("community", community);
  }

  @Test
  void theAdminKeySignsInAndTheCommunitysFramesFollow() throws Exception {
    Session s = open("http://127.0.0.1:" + chorus.httpPort());
    s.socket().writeTextMessage(auth(TestChorus.ADMIN_KEY, "dash").encode());
    assertEquals("signed_in", s.next().getString("type"));
    for (String community : List.of("other", "dash")) {
      chorus
          .vertx()
          .eventBus()
          .publish(
              Addresses.OVERLAY,
              Envelope.accepted(
                  EventType.CHAT_MESSAGE,
                  community,
                  "twitch",
                  new Channel("c", "c"),
                  new Author("u", "u", "U", List.of()),
                  "hello " + community,
                  Instant.now(),
                  "t"));
    }
    JsonObject frame = s.next();
    assertEquals("hello dash", frame.getString("text"), "only the signed-in community");
    s.socket().close();
  }

  /** Signs in through the API with a new read key of {@code community}: the session cookie. */
  static String sessionCookie(String community) throws Exception {
    WebClient web = WebClient.create(client);
    try {
      var key =
          web.post(chorus.httpPort(), "127.0.0.1", "/api/v1/keys")
              .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
              .sendJsonObject(new JsonObject().put("scope", "read").put("community", community))
              .await(10, TimeUnit.SECONDS);
      assertEquals(201, key.statusCode(), key.bodyAsString());
      var signedIn =
          web.post(chorus.httpPort(), "127.0.0.1", "/api/v1/session")
              .sendJsonObject(new JsonObject().put("key", key.bodyAsJsonObject().getString("key")))
              .await(10, TimeUnit.SECONDS);
      assertEquals(201, signedIn.statusCode(), signedIn.bodyAsString());
      String cookie = signedIn.getHeader("Set-Cookie");
      return cookie.substring(0, cookie.indexOf(';'));
    } finally {
      web.close();
    }
  }

  @Test
  void aDashboardSessionSignsInForItsOwnCommunityOnly() throws Exception {
    String cookie = sessionCookie("dash");
    Session own = open(null, cookie);
    own.socket()
        .writeTextMessage(new JsonObject().put("type", "auth").put("community", "dash").encode());
    assertEquals("signed_in", own.next().getString("type"));
    own.socket().close();
    Session other = open(null, cookie);
    other
        .socket()
        .writeTextMessage(new JsonObject().put("type", "auth").put("community", "other").encode());
    assertEquals("unauthorized", other.next().getString("code"));
    assertEquals(DashboardFeed.UNAUTHORIZED, other.awaitClose());
    Session none = open(null);
    none.socket()
        .writeTextMessage(new JsonObject().put("type", "auth").put("community", "dash").encode());
    assertEquals("unauthorized", none.next().getString("code"));
  }

  @Test
  void wrongKeysGarbageAndSilenceAreRefused() throws Exception {
    for (String first :
        List.of(
            auth("wrong-key-wrong-key", "dash").encode(),
            auth(TestChorus.ADMIN_KEY, "Not Valid").encode(),
            "{not json",
            new JsonObject().put("type", "hello").encode(),
            "x".repeat(10_000))) {
      Session s = open(null);
      s.socket().writeTextMessage(first);
      JsonObject error = s.next();
      assertEquals("error", error.getString("type"));
      assertEquals("unauthorized", error.getString("code"));
      assertEquals(DashboardFeed.UNAUTHORIZED, s.awaitClose(), first);
    }
    Session silent = open(null);
    assertEquals(DashboardFeed.UNAUTHORIZED, silent.awaitClose());
    assertTrue(silent.frames().isEmpty());
  }

  @Test
  void aForeignOriginIsRefused() {
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class, () -> open("https://evil.example"));
    assertInstanceOf(UpgradeRejectedException.class, e);
    assertEquals(403, ((UpgradeRejectedException) e).getStatus());
  }
}
