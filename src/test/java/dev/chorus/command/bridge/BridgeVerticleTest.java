package dev.chorus.command.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chorus.event.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The real TCP event-bus bridge, spoken to by a raw socket as a hostile module would: the token,
 * the allow-list and the frame bound each refuse with an {@code err} frame and a log line.
 */
class BridgeVerticleTest {

  static final String TOKEN = "bridge-test-token-0123456789";
  static final int MAX = 4096;
  static Vertx vertx;
  static int port;
  static final LinkedBlockingQueue<Message<Object>> registered = new LinkedBlockingQueue<>();
  static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    BridgeVerticle bridge = new BridgeVerticle("127.0.0.1", 0, TOKEN, MAX);
    vertx.deployVerticle(bridge).await();
    port = bridge.actualPort();
    assertTrue(port > 0);
    vertx.eventBus().consumer(Addresses.COMMAND_REGISTER, registered::add).completion().await();
    logs.start();
    ((Logger) LoggerFactory.getLogger(BridgeVerticle.class)).addAppender(logs);
    ((Logger) LoggerFactory.getLogger(FrameBound.class)).addAppender(logs);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void clear() {
    registered.clear();
    logs.list.clear();
  }

  @Test
  void aPermittedPublishPassesWithoutItsToken() throws Exception {
    try (Client c = new Client()) {
      c.write(frame("publish", Addresses.COMMAND_REGISTER, TOKEN).put("body", "hello"));
      Message<Object> m = registered.poll(10, TimeUnit.SECONDS);
      assertEquals("hello", m.body());
      assertNull(m.headers().get("token"), "the token never reaches the event bus");
      c.write(new JsonObject().put("type", "ping"));
      assertEquals("pong", c.read().getString("type"));
    }
  }

  @Test
  void aPermittedRegistrationReceivesRequests() throws Exception {
    try (Client c = new Client()) {
      c.write(frame("register", Addresses.commandModule("dice"), TOKEN));
      c.write(new JsonObject().put("type", "ping"));
      assertEquals("pong", c.read().getString("type")); // the register was handled before
      vertx.eventBus().send(Addresses.commandModule("dice"), "roll");
      JsonObject m = c.read();
      assertEquals("message", m.getString("type"));
      assertEquals("roll", m.getString("body"));
    }
  }

  @Test
  void aMissingTokenIsRefusedAndTheConnectionClosed() throws Exception {
    try (Client c = new Client()) {
      c.write(frame("publish", Addresses.COMMAND_REGISTER, null).put("body", "x"));
      assertEquals("invalid_token", c.read().getString("message"));
      assertTrue(c.closed());
    }
    assertNull(registered.poll(200, TimeUnit.MILLISECONDS));
    assertLogged("invalid_token");
  }

  @Test
  void aWrongTokenIsRefusedAndTheConnectionClosed() throws Exception {
    try (Client c = new Client()) {
      c.write(frame("register", Addresses.commandModule("dice"), TOKEN + "x"));
      assertEquals("invalid_token", c.read().getString("message"));
      assertTrue(c.closed());
    }
    assertLogged("invalid_token");
  }

  @Test
  void unlistedAddressesAreRefusedEachWayAndLogged() throws Exception {
    String[][] refused = {
      {"send", Addresses.stage("command")},
      {"publish", Addresses.INGRESS},
      {"send", Addresses.COMMAND_MODULE_PREFIX + "roll"},
      {"register", Addresses.INTERACTIONS},
      {"register", Addresses.COMMAND_REGISTER},
      {"register", Addresses.COMMAND_MODULE_PREFIX + "UPPER"},
      {"unregister", Addresses.stage("egress")},
      {"send", "__vertx.reply.12345"},
    };
    try (Client c = new Client()) {
      for (String[] r : refused) {
        logs.list.clear();
        c.write(frame(r[0], r[1], TOKEN).put("body", "x"));
        assertEquals("access_denied", c.read().getString("message"), r[0] + " " + r[1]);
        if (!r[1].startsWith("__vertx.reply.")) {
          assertLogged("access_denied");
        }
      }
      c.write(new JsonObject().put("type", "ping"));
      assertEquals("pong", c.read().getString("type"), "the module may go on");
    }
    assertNull(registered.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void anOversizedFrameIsRefusedBeforeItIsRead() throws Exception {
    try (Client c = new Client()) {
      c.out.writeInt(50 * 1024 * 1024); // announces 50 MB, sends a little
      c.out.write(new byte[1024]);
      c.out.flush();
      assertEquals("frame_too_large", c.read().getString("message"));
      assertTrue(c.closed());
    }
    assertLogged("announced 52428800 bytes");
  }

  @Test
  void aFrameJustAboveTheBoundIsRefusedAndOneAtItPasses() throws Exception {
    try (Client c = new Client()) {
      c.write(padded(MAX));
      assertEquals("pong", c.read().getString("type"));
      c.write(padded(MAX + 1));
      assertEquals("frame_too_large", c.read().getString("message"));
      assertTrue(c.closed());
    }
  }

  @Test
  void aNegativeLengthIsRefused() throws Exception {
    try (Client c = new Client()) {
      c.out.writeInt(-1);
      c.out.flush();
      assertEquals("frame_too_large", c.read().getString("message"));
      assertTrue(c.closed());
    }
  }

  @Test
  void malformedFramesAreRefusedWithTheReason() throws Exception {
    String[][] cases = {
      {"{not json", "invalid_frame: not a JSON object"},
      {"[1,2]", "invalid_frame: not a JSON object"},
      {"{\"type\":\"explode\",\"address\":\"a\"}", "invalid_frame: unknown type"},
      {"{\"address\":\"a\"}", "invalid_frame: unknown type"},
      {"{\"type\":\"send\",\"address\":7}", "invalid_frame: address must be a string"},
      {
        "{\"type\":\"send\",\"address\":\"a\",\"headers\":\"t\"}",
        "invalid_frame: headers must be an object"
      },
    };
    for (String[] k : cases) {
      try (Client c = new Client()) {
        c.writeRaw(k[0].getBytes(StandardCharsets.UTF_8));
        assertEquals(k[1], c.read().getString("message"), k[0]);
        assertTrue(c.closed(), k[0]);
      }
    }
  }

  static JsonObject padded(int bytes) {
    JsonObject f = new JsonObject().put("type", "ping").put("pad", "");
    int base = f.encode().getBytes(StandardCharsets.UTF_8).length;
    return f.put("pad", "x".repeat(bytes - base));
  }

  static JsonObject frame(String type, String address, String token) {
    JsonObject headers = new JsonObject();
    if (token != null) {
      headers.put("token", token);
    }
    return new JsonObject().put("type", type).put("address", address).put("headers", headers);
  }

  static void assertLogged(String text) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no log line with " + text + ": " + logs.list);
  }

  static final class Client implements AutoCloseable {
    final Socket socket = new Socket("127.0.0.1", port);
    final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    final DataInputStream in = new DataInputStream(socket.getInputStream());

    Client() throws Exception {
      socket.setSoTimeout(10_000);
    }

    void write(JsonObject frame) throws Exception {
      writeRaw(frame.encode().getBytes(StandardCharsets.UTF_8));
    }

    void writeRaw(byte[] json) throws Exception {
      out.writeInt(json.length);
      out.write(json);
      out.flush();
    }

    JsonObject read() throws Exception {
      byte[] json = new byte[in.readInt()];
      in.readFully(json);
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection (after any frames already read). */
    boolean closed() throws Exception {
      try {
        return in.read() == -1;
      } catch (java.net.SocketException | EOFException e) {
        return true;
      }
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  @Test
  void theAllowListIsExplicit() {
    assertTrue(BridgeAccess.permitted("publish", Addresses.COMMAND_REGISTER));
    assertTrue(BridgeAccess.permitted("register", Addresses.commandModule("a-b_1")));
    assertFalse(BridgeAccess.permitted("publish", Addresses.commandModule("roll")));
    assertFalse(BridgeAccess.permitted("register", Addresses.COMMAND_MODULE_PREFIX));
    assertFalse(
        BridgeAccess.permitted("register", Addresses.COMMAND_MODULE_PREFIX + "x".repeat(33)));
  }
}
