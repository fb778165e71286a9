package dev.chorus.collector.gateway;

import dev.chorus.event.Platforms;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What keeps one hostile or careless {@code /ws/chat} client from costing the server more than its
 * share. It takes the socket's frames (already inflated, each inflated frame bounded by the HTTP
 * server) and:
 *
 * <ul>
 *   <li>reassembles fragmented messages, closing with 1009 as soon as a message grows past {@link
 *       WebChatLimits#maxMessageBytes()} (the bytes are counted after decompression);
 *   <li>decodes text strictly, closing with 1007 on invalid UTF-8 (no replacement characters);
 *   <li>limits messages per connection (before parsing, so garbage costs the same) and, through
 *       {@link #admit}, per person; a refused message gets a {@code rate_limited} error frame, and
 *       more than {@link WebChatLimits#maxRefusals()} refusals within ten seconds close with 1008;
 *   <li>stops reading while the client does not read what it is sent (its write queue is full), and
 *       closes with 1008 if that lasts {@link WebChatLimits#slowReaderCloseMs()}, so a client that
 *       sends and never reads holds a bounded amount of memory.
 * </ul>
 *
 * <p>Lives on the socket's event loop; not thread-safe.
 */
public final class ConnectionGuard {

  /** Error code of the frame that refuses a message over a rate limit. */
  public static final String RATE_LIMITED = "rate_limited";

  /** Writes the error frame of a refusal (the gateway's, which knows the client's message id). */
  @FunctionalInterface
  public interface Refuser {
    void refuse(String code, String message);
  }

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final ChatGuards guards;
  private final WebChatLimits limits;
  private final Handler<String> onText;
  private final Handler<Buffer> onBinary;
  private final TokenBucket connectionRate;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** The client's address (behind a trusted proxy, the one it names), for the logs. */
  private final String client;

  private Buffer assembling;
  private boolean assemblingBinary;
  private long windowStart;
  private int refusals;
  private Object held;
  private long slowTimer = -1;
  private boolean closing;

  ConnectionGuard(
      Vertx vertx,
      ServerWebSocket socket,
      String client,
      ChatGuards guards,
      Handler<String> onText,
      Handler<Buffer> onBinary) {
    this.vertx = vertx;
    this.socket = socket;
    this.client = client;
    this.guards = guards;
    this.limits = guards.limits();
    this.onText = onText;
    this.onBinary = onBinary;
    long now = System.nanoTime();
    this.connectionRate =
        new TokenBucket(limits.perConnectionRate(), limits.perConnectionBurst(), now);
    this.windowStart = now;
  }

  void start() {
    socket.setWriteQueueMaxSize(limits.writeQueueBytes());
    socket.frameHandler(this::onFrame);
  }

  /**
   * Takes one message from the person's rate bucket. When it is empty the message is refused
   * through {@code refuser} (and counted towards closing the connection) and this returns false.
   */
  public boolean admit(String community, String userId, Refuser refuser) {
    if (guards.personMayPost(community, userId, System.nanoTime())) {
      return true;
    }
    refuser.refuse(
        RATE_LIMITED,
        "slow down: at most "
            + rate(limits.perPersonRate())
            + " messages per second from one person; resend later");
    refused();
    return false;
  }

  /** True once the guard closed (or is closing) the connection. */
  public boolean closing() {
    return closing;
  }

  private void onFrame(WebSocketFrame frame) {
    if (closing) {
      return;
    }
    switch (frame.type()) {
      case TEXT, BINARY -> {
        assembling = null;
        assemblingBinary = frame.isBinary();
        append(frame);
      }
      case CONTINUATION -> {
        if (assembling == null) {
          // The frame decoder refuses a continuation without a start; this is only a safety net.
          close((short) 1002, "continuation without a message", "protocol");
          return;
        }
        append(frame);
      }
      default -> {
        // Close, ping and pong: the WebSocket itself answers them.
      }
    }
  }

  private void append(WebSocketFrame frame) {
    Buffer data = frame.binaryData();
    int size = (assembling == null ? 0 : assembling.length()) + data.length();
    if (size > limits.maxMessageBytes()) {
      assembling = null;
      close((short) 1009, "message larger than " + limits.maxMessageBytes() + " bytes", "too_big");
      return;
    }
    if (!frame.isFinal()) {
      if (assembling == null) {
        assembling = Buffer.buffer(Math.min(limits.maxMessageBytes(), 2 * data.length()));
      }
      assembling.appendBuffer(data);
      return;
    }
    Buffer message = assembling == null ? data : assembling.appendBuffer(data);
    assembling = null;
    if (assemblingBinary) {
      offer(message);
      return;
    }
    String text = decode(message);
    if (text == null) {
      close((short) 1007, "text is not valid UTF-8", "invalid_utf8");
      return;
    }
    offer(text);
  }

  private String decode(Buffer message) {
    try {
      return utf8.reset().decode(ByteBuffer.wrap(message.getBytes())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Hands a whole message on, unless the client is not reading what it is sent. */
  private void offer(Object message) {
    if (socket.writeQueueFull()) {
      held = message;
      socket.pause();
      socket.drainHandler(v -> drained());
      slowTimer =
          vertx.setTimer(
              limits.slowReaderCloseMs(),
              t -> {
                slowTimer = -1;
                if (held != null && !socket.isClosed()) {
                  close((short) 1008, "the client does not read its messages", "slow_reader");
                }
              });
      return;
    }
    deliver(message);
  }

  private void drained() {
    cancelSlowTimer();
    Object message = held;
    held = null;
    if (closing || message == null) {
      return;
    }
    socket.resume();
    deliver(message);
  }

  private void deliver(Object message) {
    if (!connectionRate.tryTake(System.nanoTime())) {
      guards.metrics().rejected(Platforms.WEB, RATE_LIMITED);
      writeError(
          "slow down: at most "
              + rate(limits.perConnectionRate())
              + " messages per second on one connection; resend later");
      refused();
      return;
    }
    if (message instanceof String text) {
      onText.handle(text);
    } else {
      onBinary.handle((Buffer) message);
    }
  }

  private void refused() {
    long now = System.nanoTime();
    if (now - windowStart > WebChatLimits.REFUSAL_WINDOW_NANOS) {
      windowStart = now;
      refusals = 0;
    }
    if (++refusals > limits.maxRefusals()) {
      close((short) 1008, "too many messages over the rate limit", "rate_limited");
    }
  }

  private void writeError(String message) {
    if (!closing && !socket.isClosed()) {
      socket.writeTextMessage(
          new JsonObject()
              .put("type", "error")
              .put("code", RATE_LIMITED)
              .put("message", message)
              .encode());
    }
  }

  private void close(short code, String reason, String metric) {
    if (closing) {
      return;
    }
    closing = true;
    held = null;
    cancelSlowTimer();
    guards.metrics().wsClosed(metric);
    guards
        .log()
        .warn("ws-close-" + metric, "closing /ws/chat from {} with {}: {}", client, code, reason);
    if (!socket.isClosed()) {
      socket.close(code, reason);
    }
  }

  private void cancelSlowTimer() {
    if (slowTimer >= 0) {
      vertx.cancelTimer(slowTimer);
      slowTimer = -1;
    }
  }

  private static String rate(double perSecond) {
    return perSecond == Math.rint(perSecond)
        ? Long.toString((long) perSecond)
        : Double.toString(perSecond);
  }
}
