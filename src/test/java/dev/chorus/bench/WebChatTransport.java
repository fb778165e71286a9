package dev.chorus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code /ws/chat} transport: one WebSocket per connection, {@code chat.message} frames with a
 * client id ({@code "id"}, the idempotency key) that encodes the event's sequence number, so acks
 * ({@code id}), replies ({@code inReplyTo}) and errors ({@code id}) map back to it without a lookup
 * table. Frames are built and read with string operations to keep the generator's own cost low.
 */
public final class WebChatTransport implements LoadGenerator.Transport {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String host;
  private final int port;
  private final String path;
  private final String community;
  private final int users;
  private final String textJson;

  /** Most significant half of every id of this run (a random version-4 UUID prefix). */
  private final long runMsb;

  private final String runPrefix;

  /** The event ids of the newest acknowledgements (a ring), when {@link #keepLastAcks} asked. */
  private volatile String[] lastAcks;

  private long acksKept;

  /**
   * @param users distinct authors the events rotate through ({@code u0 … u<users-1>})
   * @param text the message text, e.g. {@code !ping} (answered) or plain chat (not answered)
   */
  public WebChatTransport(
      Vertx vertx, String host, int port, String community, int users, String text) {
    this(vertx, host, port, "/ws/chat", community, users, text);
  }

  /** The same against a server's URL, {@code ws://host:port/path}. */
  public static WebChatTransport forUrl(
      Vertx vertx, java.net.URI url, String community, int users, String text) {
    if (!"ws".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
      throw new IllegalArgumentException(
          "--url must look like ws://host:port/ws/chat (plain ws, with a port), got " + url);
    }
    String path =
        url.getRawPath() == null || url.getRawPath().isEmpty() ? "/ws/chat" : url.getRawPath();
    return new WebChatTransport(vertx, url.getHost(), url.getPort(), path, community, users, text);
  }

  private WebChatTransport(
      Vertx vertx, String host, int port, String path, String community, int users, String text) {
    this.path = path;
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(65536));
    this.host = host;
    this.port = port;
    this.community = community;
    this.users = users;
    this.textJson = io.vertx.core.json.Json.encode(text);
    this.runMsb = (ThreadLocalRandom.current().nextLong() & ~0xF000L) | 0x4000L;
    this.runPrefix = new UUID(runMsb, 0).toString().substring(0, 19);
  }

  @Override
  public String name() {
    return "ws://" + host + ":" + port + path;
  }

  /** {@code http://host:port}: the same server's HTTP port (metrics, admin API). */
  public String httpBase() {
    return "http://" + host + ":" + port;
  }

  /**
   * From now on keeps the server's event ids of the newest {@code n} acknowledgements (for a log
   * check through the admin API, which lists the newest interactions).
   */
  public synchronized void keepLastAcks(int n) {
    lastAcks = new String[n];
    acksKept = 0;
  }

  /** The kept event ids, oldest first. */
  public synchronized java.util.List<String> lastAcks() {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (lastAcks == null) {
      return out;
    }
    int n = lastAcks.length;
    for (long i = Math.max(0, acksKept - n); i < acksKept; i++) {
      out.add(lastAcks[(int) (i % n)]);
    }
    return out;
  }

  private synchronized void keep(String eventId) {
    if (lastAcks != null && eventId != null) {
      lastAcks[(int) (acksKept++ % lastAcks.length)] = eventId;
    }
  }

  /** The client id of event {@code seq}. */
  public String idOf(long seq) {
    return new UUID(runMsb, 0x8000_0000_0000_0000L | seq).toString();
  }

  /** The sequence number in a client id of this run, or -1. */
  public long seqOf(String id) {
    if (id == null || id.length() != 36 || !id.startsWith(runPrefix)) {
      return -1;
    }
    try {
      return Long.parseLong(id, 24, 36, 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public Future<LoadGenerator.Session> open(int index, LoadGenerator.Listener listener) {
    Context context = vertx.getOrCreateContext();
    Promise<LoadGenerator.Session> opened = Promise.promise();
    context.runOnContext(
        v ->
            client
                .connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path))
                .onSuccess(ws -> opened.complete(new WsSession(context, ws, listener)))
                .onFailure(opened::fail));
    return opened.future();
  }

  private final class WsSession implements LoadGenerator.Session {
    private final Context context;
    private final WebSocket socket;

    WsSession(Context context, WebSocket socket, LoadGenerator.Listener listener) {
      this.context = context;
      this.socket = socket;
      socket.textMessageHandler(frame -> dispatch(frame, listener));
      socket.closeHandler(v -> listener.closed());
      socket.exceptionHandler(e -> listener.failed(-1, "socket: " + e.getClass().getSimpleName()));
    }

    @Override
    public Context context() {
      return context;
    }

    @Override
    public void send(long seq) {
      int user = (int) (seq % users);
      socket.writeTextMessage(
          "{\"type\":\"chat.message\",\"community\":\""
              + community
              + "\",\"channel\":\""
              + community
              + "\",\"user\":{\"id\":\"u"
              + user
              + "\",\"name\":\"user"
              + user
              + "\"},\"text\":"
              + textJson
              + ",\"id\":\""
              + idOf(seq)
              + "\"}");
    }

    @Override
    public Future<Void> close() {
      Promise<Void> closed = Promise.promise();
      context.runOnContext(v -> socket.close().onComplete(closed));
      return closed.future();
    }
  }

  private void dispatch(String frame, LoadGenerator.Listener listener) {
    String type = field(frame, "\"type\":\"");
    if ("ack".equals(type)) {
      if (lastAcks != null) {
        keep(field(frame, "\"eventId\":\""));
      }
      listener.accepted(seqOf(field(frame, "\"id\":\"")));
    } else if ("reply".equals(type)) {
      listener.replied(seqOf(field(frame, "\"inReplyTo\":\"")));
    } else if ("error".equals(type)) {
      listener.failed(seqOf(field(frame, "\"id\":\"")), field(frame, "\"code\":\""));
    } else {
      listener.failed(-1, "unexpected_frame");
    }
  }

  /**
   * The string value after {@code key} (which ends with the opening quote), or null. No escapes in
   * ids and codes.
   */
  static String field(String json, String key) {
    int start = json.indexOf(key);
    if (start < 0) {
      return null;
    }
    start += key.length();
    int end = json.indexOf('"', start);
    return end < 0 ? null : json.substring(start, end);
  }
}
