package dev.chorus.collector.slack;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.collector.HttpReplySender;
import dev.chorus.collector.RateLimitedQueue;
import dev.chorus.collector.ReplyThreads;
import dev.chorus.collector.TextSplitter;
import dev.chorus.event.Delivery;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies to Slack through the Web API's {@code chat.postMessage}: one queue per channel, each
 * metered at one message per {@code interval} through the state store (Slack allows about one
 * message per second per channel, for the app, whichever node sends), split at {@value #MAX_TEXT}
 * characters. A 429 is waited out for its {@code Retry-After} and the same message sent again; a
 * 5xx or a transport error is retried up to {@value #ATTEMPTS} times with a growing delay; {@code
 * "ok": false} (e.g. {@code channel_not_found}, {@code not_in_channel}) is a failure for good,
 * logged with Slack's reason.
 *
 * <p>A reply to a message of an event this route accepted goes to the message's thread ({@code
 * thread_ts}: the thread the message was in, else the message itself), every part of it.
 */
final class SlackReplies {

  private static final Logger LOG = LoggerFactory.getLogger(SlackReplies.class);

  /** Slack truncates messages beyond 40,000 characters and advises under 4,000. */
  static final int MAX_TEXT = 4000;

  static final int ATTEMPTS = 5;
  static final String SCOPE = "_slack";

  /** One message for one channel. */
  private static final class Post {
    final String deliveryId;
    final String inReplyTo;
    final String channel;
    final String text;
    final String threadTs;
    int attempts;

    Post(String deliveryId, String inReplyTo, String channel, String text, String threadTs) {
      this.deliveryId = deliveryId;
      this.inReplyTo = inReplyTo;
      this.channel = channel;
      this.text = text;
      this.threadTs = threadTs;
    }
  }

  private final Vertx vertx;
  private final HttpReplySender http;
  private final StateStore state;
  private final ChorusMetrics metrics;
  private final String url;
  private final Map<String, String> auth;
  private final Duration interval;
  private final int maxQueued;
  private final int maxParts;
  private final ReplyThreads threads;
  private final Map<String, RateLimitedQueue<Post>> queues = new HashMap<>();

  SlackReplies(
      Vertx vertx,
      HttpReplySender http,
      StateStore state,
      ChorusMetrics metrics,
      String apiUrl,
      String botToken,
      Duration interval,
      int maxQueued,
      int maxParts,
      ReplyThreads threads) {
    this.threads = threads;
    this.vertx = vertx;
    this.http = http;
    this.state = state;
    this.metrics = metrics;
    this.url = apiUrl.endsWith("/") ? apiUrl + "chat.postMessage" : apiUrl + "/chat.postMessage";
    this.auth = Map.of("Authorization", "Bearer " + botToken);
    this.interval = interval;
    this.maxQueued = maxQueued;
    this.maxParts = maxParts;
  }

  void say(Delivery delivery) {
    RateLimitedQueue<Post> queue =
        queues.computeIfAbsent(
            delivery.channel(),
            channel ->
                new RateLimitedQueue<>(
                    vertx,
                    maxQueued,
                    () -> true,
                    post -> state.tryAcquire(SCOPE, "post:" + post.channel, 1, interval),
                    this::write));
    String thread = threads.parentOf(delivery);
    for (String part : TextSplitter.split(delivery.text(), MAX_TEXT, maxParts)) {
      if (!queue.offer(
          new Post(delivery.id(), delivery.inReplyTo(), delivery.channel(), part, thread))) {
        LOG.warn(
            "Slack: reply {} to {} dropped: {} messages wait for channel {}",
            delivery.id(),
            kv("eventId", delivery.inReplyTo()),
            queue.size(),
            delivery.channel());
        metrics.rejected(Platforms.SLACK, "reply_queue_full");
        return;
      }
    }
  }

  /** Messages waiting, over all channels. */
  int waiting() {
    return queues.values().stream().mapToInt(RateLimitedQueue::size).sum();
  }

  private Future<Long> write(Post post) {
    post.attempts++;
    JsonObject body = new JsonObject().put("channel", post.channel).put("text", post.text);
    if (post.threadTs != null) {
      body.put("thread_ts", post.threadTs);
    }
    return http.post(url, auth, body)
        .map(answer -> settle(post, answer))
        .recover(e -> Future.succeededFuture(retry(post, "transport: " + e.getMessage())));
  }

  private long settle(Post post, HttpReplySender.Answer answer) {
    if (answer.status() == 429) {
      long wait = answer.retryAfterMs(1000, 100);
      LOG.info(
          "Slack: rate limited on {}; retrying reply {} in {} ms",
          post.channel,
          post.deliveryId,
          wait);
      post.attempts--; // a rate limit is not a failure of this message
      return wait;
    }
    if (answer.status() >= 500) {
      return retry(post, "HTTP " + answer.status());
    }
    if (answer.status() == 200 && answer.body().getBoolean("ok", false)) {
      metrics.replySent(Platforms.SLACK);
      LOG.debug(
          "Slack: reply {} to {} delivered in {} (ts {})",
          post.deliveryId,
          kv("eventId", post.inReplyTo),
          post.channel,
          answer.body().getString("ts"));
      return RateLimitedQueue.SENT;
    }
    String reason = answer.body().getString("error", "HTTP " + answer.status());
    LOG.warn(
        "Slack: reply {} to {} failed in {}: {}",
        post.deliveryId,
        kv("eventId", post.inReplyTo),
        post.channel,
        reason);
    metrics.rejected(Platforms.SLACK, "reply_failed");
    return RateLimitedQueue.SENT;
  }

  private long retry(Post post, String why) {
    if (post.attempts >= ATTEMPTS) {
      LOG.warn(
          "Slack: reply {} to {} dropped after {} attempts: {}",
          post.deliveryId,
          kv("eventId", post.inReplyTo),
          post.attempts,
          why);
      metrics.rejected(Platforms.SLACK, "reply_failed");
      return RateLimitedQueue.SENT;
    }
    return 500L << post.attempts;
  }
}
