package dev.chorus.collector.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.logging.RateLimitedLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.state.SharedWindow;
import dev.chorus.state.StateStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The web-chat limits of one process: what every {@link ConnectionGuard} shares — the limits, one
 * rate bucket per person (community and user id, over all of their connections, whichever gateway
 * instance holds them) and a rate-limited log, so that a flood costs a few log lines.
 *
 * <p>The person buckets live in this process (decision 030); with a {@link SharedWindow} a person
 * is also held to one window over every process of the deployment, checked without a round trip on
 * the message path (decision 131).
 */
public final class ChatGuards {

  private final WebChatLimits limits;
  private final ChorusMetrics metrics;
  private final RateLimitedLog log =
      new RateLimitedLog(LoggerFactory.getLogger(ConnectionGuard.class), 10_000);
  private final Cache<String, TokenBucket> people =
      Caffeine.newBuilder()
          .maximumSize(200_000)
          .expireAfterAccess(Duration.ofMinutes(2))
          .executor(Runnable::run)
          .build();

  private final SharedWindow shared;

  public ChatGuards(WebChatLimits limits, ChorusMetrics metrics) {
    this(limits, metrics, null);
  }

  /**
   * @param shared the person window over all processes, or {@code null} for this process's buckets
   *     alone
   */
  public ChatGuards(WebChatLimits limits, ChorusMetrics metrics, SharedWindow shared) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.shared = shared;
  }

  /**
   * The person window over all processes for {@code limits}: {@code burstPerPerson} messages per
   * {@code burst / rate} seconds (at least one second), so the sustained rate is the same as the
   * process bucket's.
   */
  public static SharedWindow personWindow(StateStore store, WebChatLimits limits) {
    long windowMs =
        Math.max(1000, (long) Math.ceil(limits.perPersonBurst() * 1000.0 / limits.perPersonRate()));
    int limit =
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Math.max(
                    limits.perPersonBurst(),
                    Math.round(limits.perPersonRate() * windowMs / 1000.0)));
    return new SharedWindow(store, "person-rate", limit, Duration.ofMillis(windowMs));
  }

  public WebChatLimits limits() {
    return limits;
  }

  /**
   * Guards a new connection: from now on its messages reach {@code onText} (strict UTF-8, whole,
   * within the size limit, within the connection's rate) or {@code onBinary}, and the socket is
   * closed when the client misbehaves. Call once, right after the upgrade, from the socket's
   * context.
   */
  public ConnectionGuard watch(
      Vertx vertx,
      ServerWebSocket socket,
      String client,
      Handler<String> onText,
      Handler<Buffer> onBinary) {
    ConnectionGuard guard = new ConnectionGuard(vertx, socket, client, this, onText, onBinary);
    guard.start();
    return guard;
  }

  /** Takes one message from the person's bucket. */
  boolean personMayPost(String community, String userId, long now) {
    TokenBucket bucket =
        people.get(
            community + '\u0000' + userId,
            k -> new TokenBucket(limits.perPersonRate(), limits.perPersonBurst(), now));
    return bucket.tryTake(now) && (shared == null || shared.tryTake(community, userId));
  }

  ChorusMetrics metrics() {
    return metrics;
  }

  RateLimitedLog log() {
    return log;
  }
}
