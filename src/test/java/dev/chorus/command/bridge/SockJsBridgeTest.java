package dev.chorus.command.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Addresses;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event-bus bridge on the HTTP port of a whole Chorus process, spoken to over real WebSockets:
 * a module registers and answers a command typed in {@code /ws/chat}; the token, the allow-list and
 * the frame bound refuse as on the TCP bridge. Both the raw WebSocket endpoint and SockJS framing.
 */
class SockJsBridgeTest {

  static final String TOKEN = "sockjs-bridge-token-0123456789";
  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    chorus =
        TestChorus.start(
            dataDir,
            Map.of("bridge.sockjs", "true", "bridge.token", TOKEN, "bridge.maxFrameBytes", "4096"));
    client = Vertx.vertx();
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

  /** A module's connection: one bridge frame per text message (raw) or SockJS-framed. */
  static final class Module implements AutoCloseable {
    final WebSocket ws;
    final boolean sockJs;
    final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);

    Module(boolean sockJs) throws Exception {
      this.sockJs = sockJs;
      String uri =
          sockJs
              // a fresh session id each time: SockJS keeps a closed session for a while
              ? SockJsBridge.PATH + "/000/" + java.util.UUID.randomUUID() + "/websocket"
              : SockJsBridge.PATH + "/websocket";
      ws =
          client
              .createWebSocketClient()
              .connect(chorus.httpPort(), "127.0.0.1", uri)
              .await(10, TimeUnit.SECONDS);
      ws.textMessageHandler(this::received);
      ws.binaryMessageHandler(b -> received(b.toString())); // the raw endpoint writes binary
      ws.closeHandler(v -> closed.countDown());
    }

    private void received(String text) {
      if (!sockJs) {
        frames.add(new JsonObject(text));
      } else if (text.startsWith("a")) {
        for (Object f : new JsonArray(text.substring(1))) {
          frames.add(new JsonObject((String) f));
        }
      } // "o" (open) and "h" (heartbeat) carry no frame
    }

    void send(JsonObject frame) {
      String json = frame.encode();
      ws.writeTextMessage(sockJs ? new JsonArray().add(json).encode() : json);
    }

    JsonObject next() throws InterruptedException {
      JsonObject f = frames.poll(10, TimeUnit.SECONDS);
      assertNotNull(f, "no frame from the bridge");
      return f;
    }

    boolean awaitClosed() throws InterruptedException {
      return closed.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  static JsonObject frame(String type, String address, String token) {
    JsonObject headers = new JsonObject();
    if (token != null) {
      headers.put("token", token);
    }
    return new JsonObject().put("type", type).put("address", address).put("headers", headers);
  }

  void servesACommandFromChat(boolean sockJs, String name) throws Exception {
    try (Module module = new Module(sockJs);
        ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      module.send(frame("register", Addresses.commandModule(name), TOKEN));
      module.send(new JsonObject().put("type", "ping"));
      module.send(
          frame("publish", Addresses.COMMAND_REGISTER, TOKEN)
              .put("body", new JsonObject().put("name", name).put("description", "echoes")));
      String reply = null;
      for (int i = 0; i < 50 && reply == null; i++) {
        chat.send(ChatClient.message("demo", "ann", "!" + name + " over the web"));
        chat.next("ack");
        JsonObject request = module.frames.poll(200, TimeUnit.MILLISECONDS);
        if (request == null) {
          continue; // the stage has not heard the announcement yet
        }
        assertEquals("rec", request.getString("type"), request.encode());
        assertEquals(name, request.getJsonObject("body").getString("command"));
        module.send(
            frame("send", request.getString("replyAddress"), TOKEN)
                .put("body", new JsonObject().put("text", "echo: over the web")));
        reply = chat.next("reply").getString("text");
      }
      assertEquals("echo: over the web", reply);
    }
  }

  @Test
  void aModuleOnTheRawWebSocketServesACommand() throws Exception {
    servesACommandFromChat(false, "echo");
  }

  @Test
  void aModuleSpeakingSockJsServesACommand() throws Exception {
    servesACommandFromChat(true, "sockecho");
  }

  @Test
  void aMissingOrWrongTokenIsRefusedAndClosed() throws Exception {
    for (String token : new String[] {null, "not-the-token-000000000"}) {
      try (Module module = new Module(false)) {
        module.send(frame("register", Addresses.commandModule("x"), token));
        JsonObject err = module.next();
        assertEquals("err", err.getString("type"));
        assertEquals("invalid_token", err.getString("body"));
        assertTrue(module.awaitClosed(), "closed after a bad token");
      }
    }
  }

  @Test
  void unlistedAddressesAreRefused() throws Exception {
    try (Module module = new Module(true)) {
      module.send(frame("send", Addresses.INGRESS, TOKEN).put("body", "x"));
      assertEquals("access_denied", module.next().getString("body"));
      module.send(frame("register", Addresses.INTERACTIONS, TOKEN));
      assertEquals("access_denied", module.next().getString("body"));
      module.send(frame("publish", Addresses.stage("egress"), TOKEN).put("body", "x"));
      assertEquals("access_denied", module.next().getString("body"));
    }
  }

  @Test
  void aFrameOverTheBoundIsRefusedAndClosed() throws Exception {
    try (Module module = new Module(false)) {
      module.send(
          frame("publish", Addresses.COMMAND_REGISTER, TOKEN).put("body", "x".repeat(5000)));
      assertEquals("frame_too_large", module.next().getString("body"));
      assertTrue(module.awaitClosed());
    }
  }
}
