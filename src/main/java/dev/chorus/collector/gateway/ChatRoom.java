package dev.chorus.collector.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.event.Addresses;
import dev.chorus.event.Platforms;
import dev.chorus.event.TextHygiene;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The web chat as a room: every socket that joined a community's channel gets the lines of everyone
 * in it and the bot's replies, as the numbered frames of {@link Addresses#OVERLAY_FRAMES} (the
 * overlay sequencer numbers each finished event once in the cluster, so sockets on any instance or
 * node see the same lines with the same numbers). A line shows once its slip finished: one that
 * moderation stopped is never shown to the others.
 *
 * <p>A socket is in a room only after it sent a {@code join} frame; one that never does gets only
 * the acks of and replies to its own lines, as before rooms existed. Each room keeps its last
 * {@code historySize} frames in memory; a page that joins (or rejoins after a reconnect) with
 * {@code since} gets the ones it missed, without it the whole history. A socket that stops reading
 * is closed like a slow overlay client.
 *
 * <p>One per gateway instance, on its event loop.
 */
final class ChatRoom {

  /** The client frame that joins a room. */
  static final String JOIN = "join";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_CHANNEL = 128;
  private static final int MAX_ROOMS = 10_000;

  private record Line(long seq, String json) {}

  private static final class Room {
    final ArrayDeque<Line> history = new ArrayDeque<>();
    final Set<ServerWebSocket> members = new LinkedHashSet<>();
  }

  private final Vertx vertx;
  private final ChorusMetrics metrics;
  private final int historySize;
  private final int maxWriteQueueBytes;
  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<ServerWebSocket, String> joined = new HashMap<>();

  ChatRoom(Vertx vertx, ChorusMetrics metrics, int historySize, int maxWriteQueueBytes) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.historySize = historySize;
    this.maxWriteQueueBytes = maxWriteQueueBytes;
  }

  Future<Void> start() {
    return vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.OVERLAY_FRAMES, this::onFrame)
        .completion();
  }

  /** Whether {@code text} looks like a join frame (cheap test before parsing it). */
  static boolean mayBeJoin(String text) {
    return text.length() < 1024 && text.contains("\"" + JOIN + "\"");
  }

  /**
   * Handles a join frame: the socket leaves its room, if any, and joins the one named; it gets a
   * {@code joined} frame and the history after {@code since}. Returns an error message for a frame
   * that is not a valid join, or {@code null}.
   */
  String join(ServerWebSocket socket, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (java.io.IOException e) {
      return null; // not JSON: the chat-frame parser will say so
    }
    if (root == null || !root.isObject() || !JOIN.equals(root.path("type").asText())) {
      return null;
    }
    String community = root.path("community").asText("");
    // The same NFC form and checks as a posted frame's channel, so that both name one room.
    String channel = TextHygiene.nfc(root.path("channel").asText(""));
    if (!COMMUNITY.matcher(community).matches()
        || channel.isBlank()
        || channel.length() > MAX_CHANNEL
        || TextHygiene.nameProblem(channel, "channel") != null) {
      return "join needs a community (1-64 lower-case letters, digits, - or _) and a channel";
    }
    JsonNode sinceNode = root.get("since");
    if (sinceNode != null && !sinceNode.isNull() && !sinceNode.canConvertToLong()) {
      return "since must be a frame number";
    }
    long since = sinceNode == null || sinceNode.isNull() ? -1 : sinceNode.asLong();
    enter(socket, community, channel, since);
    return "";
  }

  private void enter(ServerWebSocket socket, String community, String channel, long since) {
    leave(socket);
    socket.setWriteQueueMaxSize(maxWriteQueueBytes);
    String key = community + '\0' + channel;
    if (rooms.size() >= MAX_ROOMS && !rooms.containsKey(key)) {
      rooms.values().removeIf(r -> r.members.isEmpty());
    }
    Room room = rooms.computeIfAbsent(key, k -> new Room());
    List<Line> missed = new ArrayList<>();
    for (Line line : room.history) {
      if (line.seq() > since) {
        missed.add(line);
      }
    }
    long latest = room.history.isEmpty() ? 0 : room.history.peekLast().seq();
    socket.writeTextMessage(
        new JsonObject()
            .put("type", "joined")
            .put("community", community)
            .put("channel", channel)
            .put("seq", latest)
            .put("history", missed.size())
            .encode());
    for (Line line : missed) {
      socket.writeTextMessage(line.json());
    }
    room.members.add(socket);
    joined.put(socket, key);
  }

  void leave(ServerWebSocket socket) {
    String key = joined.remove(socket);
    Room room = key == null ? null : rooms.get(key);
    if (room != null) {
      room.members.remove(socket);
    }
  }

  private void onFrame(Message<JsonObject> message) {
    JsonObject frame = message.body();
    if (frame == null || !Platforms.WEB.equals(frame.getString("platform"))) {
      return;
    }
    String community = frame.getString("community");
    String channel = frame.getString("channel");
    Long seq = frame.getLong("seq");
    if (community == null || channel == null || seq == null) {
      return;
    }
    String key = community + '\0' + channel;
    Room room = rooms.get(key);
    if (room == null) {
      if (rooms.size() >= MAX_ROOMS) {
        return; // nobody here is in it, and the history of idle rooms is bounded
      }
      room = new Room();
      rooms.put(key, room);
    }
    String json = frame.encode();
    remember(room, new Line(seq, json));
    Iterator<ServerWebSocket> it = room.members.iterator();
    while (it.hasNext()) {
      ServerWebSocket member = it.next();
      if (member.isClosed()) {
        it.remove();
        joined.remove(member);
        continue;
      }
      if (member.writeQueueFull()) {
        it.remove();
        joined.remove(member);
        metrics.overlayDropped();
        member.close((short) 1008, "too slow: frames were not read");
        continue;
      }
      member.writeTextMessage(json);
    }
  }

  /** Keeps the history in number order (frames numbered on other nodes may arrive late). */
  private void remember(Room room, Line line) {
    if (room.history.isEmpty() || room.history.peekLast().seq() < line.seq()) {
      room.history.addLast(line);
    } else if (room.history.stream().noneMatch(l -> l.seq() == line.seq())) {
      List<Line> sorted = new ArrayList<>(room.history);
      sorted.add(line);
      sorted.sort((a, b) -> Long.compare(a.seq(), b.seq()));
      room.history.clear();
      room.history.addAll(sorted);
    }
    while (room.history.size() > historySize) {
      room.history.pollFirst();
    }
  }
}
