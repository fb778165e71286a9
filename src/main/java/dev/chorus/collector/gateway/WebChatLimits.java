package dev.chorus.collector.gateway;

/**
 * What one web-chat client may cost the server (from {@code gateway.*} and {@code
 * http.maxWebSocketMessageBytes}).
 *
 * @param maxMessageBytes largest message, after decompression and reassembly of fragments; a larger
 *     one closes the connection with 1009
 * @param perConnectionRate messages per second one connection may send (sustained)
 * @param perConnectionBurst messages one connection may send at once
 * @param perPersonRate messages per second one person (community and user id) may send over all
 *     their connections to this process
 * @param perPersonBurst messages one person may send at once
 * @param maxRefusals refused messages within {@link #REFUSAL_WINDOW_NANOS} after which the
 *     connection is closed with 1008
 * @param slowReaderCloseMs how long a connection whose write queue is full may stay paused before
 *     it is closed
 * @param writeQueueBytes bytes queued towards one client before reading from it pauses
 */
public record WebChatLimits(
    int maxMessageBytes,
    double perConnectionRate,
    int perConnectionBurst,
    double perPersonRate,
    int perPersonBurst,
    int maxRefusals,
    long slowReaderCloseMs,
    int writeQueueBytes) {

  /** The window over which refusals are counted. */
  public static final long REFUSAL_WINDOW_NANOS = 10_000_000_000L;

  /** The defaults of the configuration keys. */
  public static final WebChatLimits DEFAULTS =
      new WebChatLimits(262_144, 20, 40, 10, 20, 50, 10_000, 262_144);

  public WebChatLimits {
    if (maxMessageBytes < 1
        || perConnectionRate <= 0
        || perConnectionBurst < 1
        || perPersonRate <= 0
        || perPersonBurst < 1
        || maxRefusals < 1
        || slowReaderCloseMs < 1
        || writeQueueBytes < 1) {
      throw new IllegalArgumentException("web-chat limits must be positive");
    }
  }
}
