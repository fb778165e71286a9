package dev.chorus.collector.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web chat as a room, on a whole process with two HTTP instances: connections are spread over
 * them round-robin, so the two pages of a test sit on different gateway instances.
 */
class WebChatRoomTest {

  @TempDir static Path dataDir;

  static Chorus chorus;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "http.instances",
                "2",
                "community.seed",
                TestChorus.COMMUNITIES + "," + String.join(",", ROOMS)));
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

  /** One community per test, each created on start: events of unknown communities are refused. */
  static final List<String> ROOMS = List.of("room1", "room2", "room3", "room4", "room5", "room6");

  private static final AtomicInteger NEXT_ROOM = new AtomicInteger();

  static String community() {
    return ROOMS.get(NEXT_ROOM.getAndIncrement());
  }

  static JsonObject join(ChatClient page, String community, String channel, Long since)
      throws InterruptedException {
    JsonObject frame =
        new JsonObject().put("type", "join").put("community", community).put("channel", channel);
    if (since != null) {
      frame.put("since", since);
    }
    page.send(frame);
    return page.next("joined");
  }

  /**
   * Reads room frames until every number in {@code wanted} was seen, whatever the order of arrival:
   * a join copies the instance's history and makes the socket a member in one step on its event
   * loop, so a frame the instance had not received yet at the join arrives live afterwards. Returns
   * every frame read, by number; fails when a number repeats or more than 50 frames come first.
   */
  static Map<Long, JsonObject> readUntil(ChatClient page, Set<Long> wanted)
      throws InterruptedException {
    Map<Long, JsonObject> bySeq = new TreeMap<>();
    for (int read = 0; read < 50 && !bySeq.keySet().containsAll(wanted); read++) {
      JsonObject frame = page.next();
      Long seq = frame.getLong("seq");
      assertNotNull(seq, "a room frame carries its number: " + frame);
      assertNull(bySeq.put(seq, frame), "frame " + seq + " came twice");
    }
    assertTrue(bySeq.keySet().containsAll(wanted), "missing frames: " + wanted + " in " + bySeq);
    return bySeq;
  }

  @Test
  void twoPagesInOneChannelSeeEachOthersLinesAndTheBotsReplies() throws Exception {
    String community = community();
    try (ChatClient alice = ChatClient.connect(client, chorus.httpPort());
        ChatClient bob = ChatClient.connect(client, chorus.httpPort());
        ChatClient elsewhere = ChatClient.connect(client, chorus.httpPort())) {
      assertEquals(0, join(alice, community, "main", null).getInteger("history"));
      join(bob, community, "main", null);
      join(elsewhere, community, "other", null);
      alice.send(ChatClient.message(community, "alice", "!ping").put("channel", "main"));
      JsonObject line = bob.next("chat.message");
      assertEquals("!ping", line.getString("text"));
      assertEquals("alice", line.getJsonObject("author").getString("name"));
      JsonObject reply = bob.next("bot.reply");
      assertEquals("pong", reply.getString("text"));
      assertEquals(line.getString("id"), reply.getString("inReplyTo"));
      assertEquals(line.getLong("seq") + 1, reply.getLong("seq"));
      // Bob answers; Alice sees his line after the bot's reply to hers.
      bob.send(ChatClient.message(community, "bob", "hi alice").put("channel", "main"));
      assertEquals("!ping", alice.next("chat.message").getString("text"));
      assertEquals("pong", alice.next("bot.reply").getString("text"));
      JsonObject bobs = alice.next("chat.message");
      assertEquals("hi alice", bobs.getString("text"));
      assertEquals("bob", bobs.getJsonObject("author").getString("name"));
      assertTrue(bobs.getLong("seq") > reply.getLong("seq"));
      assertNull(elsewhere.poll(300), "another channel hears nothing");
    }
  }

  @Test
  void aPageThatRejoinsGetsTheLinesItMissed() throws Exception {
    String community = community();
    long first;
    try (ChatClient bob = ChatClient.connect(client, chorus.httpPort())) {
      join(bob, community, "main", null);
      bob.send(ChatClient.message(community, "bob", "first").put("channel", "main"));
      first = bob.next("chat.message").getLong("seq");
    }
    Map<String, Long> missed = new LinkedHashMap<>();
    try (ChatClient alice = ChatClient.connect(client, chorus.httpPort())) {
      join(alice, community, "main", null);
      for (String text : new String[] {"second", "third"}) {
        alice.send(ChatClient.message(community, "alice", text).put("channel", "main"));
        // Bob's line may reach Alice first: from the history, or live when her instance lags.
        JsonObject line = alice.next("chat.message");
        for (int skipped = 0; !text.equals(line.getString("text")) && skipped < 3; skipped++) {
          line = alice.next("chat.message");
        }
        assertEquals(text, line.getString("text"));
        missed.put(text, line.getLong("seq"));
      }
    }
    try (ChatClient again = ChatClient.connect(client, chorus.httpPort());
        ChatClient fresh = ChatClient.connect(client, chorus.httpPort())) {
      // Each instance keeps its own history from the same published frames, and the other
      // instance may get the last frame a moment after Alice saw it: then it comes live after the
      // joined frame instead of in the history. Reading by number does not care which.
      JsonObject joined = join(again, community, "main", first);
      assertTrue(joined.getInteger("history") <= 2, "history after since: " + joined);
      Map<Long, JsonObject> got = readUntil(again, Set.copyOf(missed.values()));
      assertEquals(Set.copyOf(missed.values()), got.keySet(), "only what came after since");
      missed.forEach((text, seq) -> assertEquals(text, got.get(seq).getString("text")));
      assertEquals(
          "alice", got.get(missed.get("second")).getJsonObject("author").getString("name"));
      assertNull(again.poll(300), "nothing more: no line was repeated or invented");
      // Without since, the recent history: all three lines.
      join(fresh, community, "main", null);
      Set<Long> all = new HashSet<>(missed.values());
      all.add(first);
      Map<Long, JsonObject> history = readUntil(fresh, all);
      assertEquals(all, history.keySet());
      assertEquals("first", history.get(first).getString("text"));
      assertEquals("third", history.get(missed.get("third")).getString("text"));
    }
  }

  @Test
  void aConnectionThatDoesNotJoinGetsOnlyItsAcksAndReplies() throws Exception {
    String community = community();
    try (ChatClient console = ChatClient.connect(client, chorus.httpPort());
        ChatClient page = ChatClient.connect(client, chorus.httpPort())) {
      join(page, community, community, null);
      page.send(ChatClient.message(community, "page", "hello all"));
      page.next("chat.message");
      console.send(ChatClient.message(community, "console", "!ping"));
      assertEquals("ack", console.next().getString("type"));
      assertEquals("reply", console.next().getString("type"));
      assertNull(console.poll(300), "no room frames without a join");
      assertEquals("!ping", page.next("chat.message").getString("text"));
    }
  }

  @Test
  void badJoinFramesGetAnErrorAndTheConnectionStaysOpen() throws Exception {
    try (ChatClient page = ChatClient.connect(client, chorus.httpPort())) {
      page.sendText("{\"type\":\"join\",\"community\":\"Not Valid\",\"channel\":\"x\"}");
      JsonObject error = page.next("error");
      assertEquals(ChatFrame.INVALID_FIELD, error.getString("code"));
      page.sendText("{\"type\":\"join\",\"community\":\"ok\",\"channel\":\"x\",\"since\":\"abc\"}");
      assertEquals(ChatFrame.INVALID_FIELD, page.next("error").getString("code"));
      page.sendText("{\"type\":\"join\",\"community\":\"ok\",\"channel\":\"\"}");
      assertEquals(ChatFrame.INVALID_FIELD, page.next("error").getString("code"));
      assertEquals("ok", join(page, "ok", "x", null).getString("community"));
    }
  }
}
