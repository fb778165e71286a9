package dev.chorus.overlay;

import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One community's frames on one feed: puts them in number order, keeps the last ones for replay,
 * and writes each to every connected client.
 *
 * <p>Frames numbered on different nodes can arrive out of order. One that comes before its
 * predecessor waits up to {@code reorderMs} for it; after that the stream moves on past the hole (a
 * sequencer that died between taking numbers and publishing leaves one). A frame older than the
 * last one delivered is dropped: its clients have moved on.
 */
final class OverlayStream {

  private static final Logger LOG = LoggerFactory.getLogger(OverlayStream.class);

  /** Frames held for reordering at most; beyond it the stream skips the hole at once. */
  private static final int MAX_PENDING = 10_000;

  /** A connected client. */
  static final class Client {
    final ServerWebSocket socket;
    boolean dropped;

    Client(ServerWebSocket socket) {
      this.socket = socket;
    }
  }

  private final Vertx vertx;
  private final long reorderMs;
  private final ChorusMetrics metrics;
  private final ReplayBuffer buffer;
  private final Set<Client> clients = new LinkedHashSet<>();
  private final TreeMap<Long, String> pending = new TreeMap<>();

  /** Highest number delivered; 0 before the first frame (numbers start at 1). */
  private long delivered;

  private long timer = -1;

  OverlayStream(Vertx vertx, int replayFrames, long reorderMs, ChorusMetrics metrics) {
    this.vertx = vertx;
    this.reorderMs = reorderMs;
    this.metrics = metrics;
    this.buffer = new ReplayBuffer(replayFrames);
  }

  /** A numbered frame from the bus. */
  void accept(long seq, String json) {
    if (seq <= delivered) {
      return; // a duplicate, or late after the stream moved past its hole
    }
    if (delivered == 0 || seq == delivered + 1) {
      deliver(seq, json);
      drainContiguous();
      return;
    }
    pending.put(seq, json);
    if (pending.size() > MAX_PENDING) {
      flushPending();
    } else if (timer < 0) {
      timer =
          vertx.setTimer(
              reorderMs,
              t -> {
                timer = -1;
                flushPending();
              });
    }
  }

  private void drainContiguous() {
    while (!pending.isEmpty() && pending.firstKey() == delivered + 1) {
      Map.Entry<Long, String> next = pending.pollFirstEntry();
      deliver(next.getKey(), next.getValue());
    }
    if (pending.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Gives up waiting for the hole: delivers everything held, in order. */
  private void flushPending() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    while (!pending.isEmpty()) {
      Map.Entry<Long, String> next = pending.pollFirstEntry();
      if (next.getKey() > delivered) {
        deliver(next.getKey(), next.getValue());
      }
    }
  }

  private void deliver(long seq, String json) {
    delivered = seq;
    buffer.add(seq, json);
    if (clients.isEmpty()) {
      return;
    }
    SharedTextFrame frame = new SharedTextFrame(json);
    Iterator<Client> it = clients.iterator();
    while (it.hasNext()) {
      Client client = it.next();
      if (!write(client, frame)) {
        it.remove();
      }
    }
  }

  /** Writes one frame; drops the client when its write queue is full. */
  private boolean write(Client client, String json) {
    return write(client, new SharedTextFrame(json));
  }

  /** Writes one frame encoded once for all clients; drops the client when its queue is full. */
  private boolean write(Client client, SharedTextFrame frame) {
    if (client.dropped) {
      return false;
    }
    if (client.socket.isClosed()) {
      client.dropped = true; // closing: its close handler leaves the stream
      return false;
    }
    if (client.socket.writeQueueFull()) {
      client.dropped = true;
      metrics.overlayDropped();
      LOG.info("dropped a slow overlay client of {}", client.socket.path());
      client.socket.close(OverlayFeed.SLOW_CLIENT, "too slow: frames were not read");
      return false;
    }
    frame.writeTo(client.socket);
    return true;
  }

  /** Adds a client: hello, then the replay after {@code since} (none when -1), then live frames. */
  Client join(ServerWebSocket socket, long since) {
    Client client = new Client(socket);
    ReplayBuffer.Replay replay =
        since < 0 ? new ReplayBuffer.Replay(new ArrayList<>(), false) : buffer.since(since);
    JsonObject hello =
        new JsonObject()
            .put("type", "hello")
            .put("seq", delivered)
            .put("replay", replay.frames().size());
    if (!write(client, hello.encode())) {
      return client;
    }
    if (replay.gap()) {
      long first = replay.frames().isEmpty() ? delivered + 1 : replay.frames().get(0).seq();
      write(
          client,
          new JsonObject()
              .put("type", "gap")
              .put("from", since + 1)
              .put("to", first - 1)
              .put("message", "frames before " + first + " are no longer held")
              .encode());
    }
    for (ReplayBuffer.Entry entry : replay.frames()) {
      if (!write(client, entry.json())) {
        return client;
      }
    }
    clients.add(client);
    return client;
  }

  /** Closes every client (their close handlers then leave). */
  void closeAll(short code, String reason) {
    for (Client client : new ArrayList<>(clients)) {
      client.dropped = true;
      client.socket.close(code, reason);
    }
    clients.clear();
  }

  void leave(Client client) {
    clients.remove(client);
  }

  int clients() {
    return clients.size();
  }
}
