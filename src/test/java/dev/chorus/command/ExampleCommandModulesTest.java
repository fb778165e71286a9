package dev.chorus.command;

import static dev.chorus.command.CommandNode.chat;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.command.CommandNode.Speaker;
import dev.chorus.command.bridge.BridgeVerticle;
import dev.chorus.event.Addresses;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example modules in {@code examples/} (Python and Node.js), started as real processes against
 * the real TCP event-bus bridge and a real command stage, serve their commands from a chat message;
 * a wrong token, a forbidden address, a module that stops or never answers are handled.
 */
class ExampleCommandModulesTest {

  static final String TOKEN = "test-bridge-token-0123456789";
  static CommandNode node;
  static int port;
  static final LinkedBlockingQueue<String> announced = new LinkedBlockingQueue<>();
  final Speaker ann = Speaker.viewer("ann");

  @BeforeAll
  static void start() {
    node = CommandNode.embedded();
    BridgeVerticle bridge = new BridgeVerticle("127.0.0.1", 0, TOKEN);
    await(node.vertx.deployVerticle(bridge));
    port = bridge.actualPort();
    assertTrue(port > 0);
    node.vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.COMMAND_REGISTER, m -> announced.add(m.body().getString("name")))
        .completion()
        .await();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static Process module(String token, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("CHORUS_BRIDGE_HOST", "127.0.0.1");
    env.put("CHORUS_BRIDGE_PORT", String.valueOf(port));
    env.put("CHORUS_BRIDGE_TOKEN", token);
    env.put("CHORUS_ANNOUNCE_SECONDS", "1");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  static void awaitAnnouncement(String name) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      String seen = announced.poll(500, TimeUnit.MILLISECONDS);
      if (name.equals(seen)) {
        Thread.sleep(50); // the stage's own consumer got the same publish
        return;
      }
    }
    throw new AssertionError("no announcement of " + name);
  }

  List<String> say(String text) {
    return node.replies(chat("modules", text, ann));
  }

  @Test
  void thePythonModuleServesRollAndIsReportedGoneWhenItStops() throws Exception {
    Process python = module(TOKEN, "python3", Path.of("examples/python/roll_module.py").toString());
    try {
      awaitAnnouncement("roll");
      String reply = say("!roll 20").get(0);
      assertTrue(reply.matches("ann rolls ([1-9]|1[0-9]|20) \\(1-20\\)"), reply);
      assertTrue(String.join(" ", say("!commands")).contains("!roll"));
    } finally {
      python.destroy();
      python.waitFor(10, TimeUnit.SECONDS);
    }
    String gone = null;
    for (int i = 0; i < 50 && gone == null; i++) {
      List<String> r = say("!roll");
      if (!r.isEmpty() && r.get(0).contains("gone")) {
        gone = r.get(0);
      }
      Thread.sleep(100);
    }
    assertEquals("!roll: the module serving !roll is gone", gone);
    assertEquals(List.of(), say("!roll"), "forgotten until it announces again");
  }

  @Test
  void theNodeModuleServesShout() throws Exception {
    Process js = module(TOKEN, "node", Path.of("examples/node/shout_module.js").toString());
    try {
      awaitAnnouncement("shout");
      assertEquals(List.of("ann shouts: HELLO \"BIG\" WORLD"), say("!shout hello \"big\" world"));
    } finally {
      js.destroy();
      js.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aModuleWithABadTokenIsRefused() throws Exception {
    Process python =
        module(
            "wrong-token-0000000000",
            "python3",
            Path.of("examples/python/roll_module.py").toString());
    assertTrue(python.waitFor(20, TimeUnit.SECONDS), "the module is disconnected");
    String stderr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, python.exitValue(), stderr);
    assertTrue(stderr.contains("invalid_token"), stderr);
  }

  @Test
  void onlyPermittedAddressesPassAndAMissingTokenIsRefused() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      JsonObject headers = new JsonObject().put("token", TOKEN);
      write(
          out,
          new JsonObject()
              .put("type", "send")
              .put("address", Addresses.stage("command"))
              .put("headers", headers.copy())
              .put("body", "x"));
      assertEquals("access_denied", read(in).getString("message"));
      write(
          out,
          new JsonObject()
              .put("type", "register")
              .put("address", Addresses.INTERACTIONS)
              .put("headers", headers.copy()));
      assertEquals("access_denied", read(in).getString("message"));
      write(
          out,
          new JsonObject()
              .put("type", "publish")
              .put("address", Addresses.COMMAND_REGISTER)
              .put("body", new JsonObject().put("name", "sneaky")));
      assertEquals("invalid_token", read(in).getString("message"));
      assertEquals(-1, in.read(), "the connection is closed after a bad token");
    }
  }

  @Test
  void aModuleThatNeverAnswersTimesOutAndIsGone() throws Exception {
    node.vertx.eventBus().consumer(Addresses.commandModule("slow"), m -> {}).completion().await();
    node.vertx
        .eventBus()
        .publish(
            Addresses.COMMAND_REGISTER,
            new JsonObject().put("name", "slow").put("description", "never answers"));
    awaitAnnouncement("slow");
    assertEquals(List.of("!slow: the module serving !slow is gone"), say("!slow"));
    node.vertx.eventBus().publish(Addresses.COMMAND_REGISTER, new JsonObject().put("name", "ping"));
    awaitAnnouncement("ping");
    assertEquals(List.of("pong"), say("!ping"), "a module cannot take a built-in's name");
  }

  static void write(DataOutputStream out, JsonObject frame) throws Exception {
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length);
    out.write(json);
    out.flush();
  }

  static JsonObject read(DataInputStream in) throws Exception {
    byte[] json = new byte[in.readInt()];
    in.readFully(json);
    return new JsonObject(new String(json, StandardCharsets.UTF_8));
  }
}
