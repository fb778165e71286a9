package dev.chorus.collector.discord;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies to Discord through the REST API ({@code POST /channels/{id}/messages}), one queue per
 * channel:
 *
 * <ul>
 *   <li>the global limit (50 requests per second for a bot) is a sliding window in the state store,
 *       so every node sending as the bot draws from one bucket;
 *   <li>the per-route bucket is followed from the answers: {@code X-RateLimit-Remaining: 0} makes
 *       the channel's queue wait {@code X-RateLimit-Reset-After} before its next message;
 *   <li>a 429 is waited out ({@code retry_after} of the body, else {@code Retry-After}) and the
 *       same message sent again; 5xx and transport errors are retried up to {@value #ATTEMPTS}
 *       times; any other refusal is a failure for good, logged with Discord's code and message.
 * </ul>
 *
 * Texts are split at Discord's 2,000 characters; mentions in replies are disabled ({@code
 * allowed_mentions.parse = []}), so a user cannot make the bot ping {@code @everyone}.
 *
 * <p>A direct-message reply (channel {@code dm:<user id>}) first opens the bot's DM channel with
 * the user ({@code POST /users/@me/channels}, remembered per user for the life of the collector)
 * and is then posted there like any message; a user who cannot be reached (Discord refuses the
 * channel, e.g. the user shares no server with the bot) is logged with the event id and not said in
 * public.
 */
public final class DiscordReplies {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordReplies.class);

  static final int MAX_TEXT = 2000;
  static final int ATTEMPTS = 5;
  static final String SCOPE = "_discord";

  private static final class Post {
    final Delivery delivery;
    final String text;
    final String parent;
    int attempts;

    Post(Delivery delivery, String text, String parent) {
      this.delivery = delivery;
      this.text = text;
      this.parent = parent;
    }
  }

  private final Vertx vertx;
  private final HttpReplySender http;
  private final StateStore state;
  private final ChorusMetrics metrics;
  private final DiscordOptions options;
  private final ReplyThreads threads;
  private final Map<String, String> auth;
  private final Map<String, RateLimitedQueue<Post>> queues = new HashMap<>();
  private final Map<String, Long> bucketPausedUntil = new HashMap<>();
  private final Map<String, Future<String>> dmChannels = new HashMap<>();

  /** Channel prefix of a direct-message reply (decision 043). */
  static final String DM = "dm:";

  public DiscordReplies(
      Vertx vertx,
      HttpReplySender http,
      StateStore state,
      ChorusMetrics metrics,
      DiscordOptions options) {
    this(vertx, http, state, metrics, options, new ReplyThreads());
  }

  /**
   * @param threads the messages of the events this collector accepted: a reply to one of them in
   *     its channel is posted as a Discord reply ({@code message_reference})
   */
  public DiscordReplies(
      Vertx vertx,
      HttpReplySender http,
      StateStore state,
      ChorusMetrics metrics,
      DiscordOptions options,
      ReplyThreads threads) {
    this.threads = threads;
    this.vertx = vertx;
    this.http = http;
    this.state = state;
    this.metrics = metrics;
    this.options = options;
    this.auth = Map.of("Authorization", "Bot " + options.botToken());
  }

  public void say(Delivery delivery) {
    String target = delivery.channel();
    if (target != null && target.startsWith(DM)) {
      String user = target.substring(DM.length());
      if (!user.matches("[0-9]{1,20}")) {
        LOG.warn(
            "Discord: direct reply {} to {}: not a user id: {}",
            delivery.id(),
            kv("eventId", delivery.inReplyTo()),
            user);
        metrics.rejected(Platforms.DISCORD, "reply_failed");
        return;
      }
      dmChannel(user)
          .onSuccess(
              id ->
                  say(
                      new Delivery(
                          delivery.id(),
                          delivery.inReplyTo(),
                          delivery.platform(),
                          id,
                          delivery.text())))
          .onFailure(
              e -> {
                LOG.warn(
                    "Discord: direct reply {} to {} not delivered: {}",
                    delivery.id(),
                    kv("eventId", delivery.inReplyTo()),
                    e.getMessage());
                metrics.rejected(Platforms.DISCORD, "reply_failed");
              });
      return;
    }
    if (delivery.channel() == null || !delivery.channel().matches("[0-9]{1,20}")) {
      LOG.warn(
          "Discord: reply {} to channel {}: not a channel id", delivery.id(), delivery.channel());
      metrics.rejected(Platforms.DISCORD, "reply_failed");
      return;
    }
    RateLimitedQueue<Post> queue =
        queues.computeIfAbsent(
            delivery.channel(),
            channel ->
                new RateLimitedQueue<>(
                    vertx,
                    options.maxOutbound(),
                    () -> true,
                    post ->
                        state.tryAcquire(
                            SCOPE, "rest:global", options.globalPerSecond(), Duration.ofSeconds(1)),
                    post -> write(channel, post)));
    String parent = threads.parentOf(delivery);
    for (String part : TextSplitter.split(delivery.text(), MAX_TEXT, options.maxParts())) {
      if (!queue.offer(new Post(delivery, part, parent))) {
        LOG.warn(
            "Discord: reply {} to {} dropped: {} messages wait for channel {}",
            delivery.id(),
            kv("eventId", delivery.inReplyTo()),
            queue.size(),
            delivery.channel());
        metrics.rejected(Platforms.DISCORD, "reply_queue_full");
        return;
      }
    }
  }

  /** The bot's DM channel with {@code user}: opened once, then remembered. */
  private Future<String> dmChannel(String user) {
    Future<String> known = dmChannels.get(user);
    if (known != null) {
      return known;
    }
    Future<String> opened =
        http.post(
                options.apiUrl() + "/users/@me/channels",
                auth,
                new JsonObject().put("recipient_id", user))
            .compose(
                answer -> {
                  String id = answer.body() == null ? null : answer.body().getString("id");
                  if (answer.status() / 100 == 2 && id != null && id.matches("[0-9]{1,20}")) {
                    return Future.succeededFuture(id);
                  }
                  return Future.failedFuture(
                      "Discord refused a DM channel with user "
                          + user
                          + ": HTTP "
                          + answer.status()
                          + (answer.body() == null
                              ? ""
                              : " " + answer.body().getString("message")));
                });
    dmChannels.put(user, opened);
    // A refusal or a transport error is not remembered: the next reply asks again.
    opened.onFailure(e -> dmChannels.remove(user, opened));
    return opened;
  }

  private Future<Long> write(String channel, Post post) {
    long paused = bucketPausedUntil.getOrDefault(channel, 0L) - System.currentTimeMillis();
    if (paused > 0) {
      return Future.succeededFuture(paused); // the route's bucket is empty until its reset
    }
    post.attempts++;
    JsonObject body =
        new JsonObject()
            .put("content", post.text)
            .put(
                "allowed_mentions",
                new JsonObject().put("parse", new JsonArray()).put("replied_user", false));
    if (post.parent != null) {
      // A reply to a message deleted meanwhile is posted as a plain message, not refused.
      body.put(
          "message_reference",
          new JsonObject()
              .put("message_id", post.parent)
              .put("channel_id", channel)
              .put("fail_if_not_exists", false));
    }
    String url = options.apiUrl() + "/channels/" + channel + "/messages";
    return http.post(url, auth, body)
        .map(answer -> settle(channel, post, answer))
        .recover(e -> Future.succeededFuture(retry(post, "transport: " + e.getMessage())));
  }

  private long settle(String channel, Post post, HttpReplySender.Answer answer) {
    if ("0".equals(answer.headers().get("x-ratelimit-remaining"))) {
      HttpReplySender.Answer reset =
          new HttpReplySender.Answer(
              answer.status(), answer.headers().get("x-ratelimit-reset-after"), Map.of(), null);
      bucketPausedUntil.put(channel, System.currentTimeMillis() + reset.retryAfterMs(1000, 1));
    }
    if (answer.status() == 429) {
      post.attempts--; // waiting out a limit is not a failure of this message
      Double seconds = answer.body().getDouble("retry_after");
      long wait =
          seconds != null && seconds >= 0 && seconds < 3600
              ? Math.max(50, (long) Math.ceil(seconds * 1000))
              : answer.retryAfterMs(1000, 50);
      LOG.info(
          "Discord: rate limited ({}) on channel {}; retrying reply {} in {} ms",
          answer.body().getBoolean("global", false) ? "global" : "route",
          channel,
          post.delivery.id(),
          wait);
      return wait;
    }
    if (answer.status() >= 500) {
      return retry(post, "HTTP " + answer.status());
    }
    if (answer.status() / 100 == 2) {
      metrics.replySent(Platforms.DISCORD);
      LOG.debug(
          "Discord: reply {} to {} delivered as message {}",
          post.delivery.id(),
          kv("eventId", post.delivery.inReplyTo()),
          answer.body().getString("id"));
      return RateLimitedQueue.SENT;
    }
    LOG.warn(
        "Discord: reply {} to {} failed in channel {}: HTTP {} code {} {}",
        post.delivery.id(),
        kv("eventId", post.delivery.inReplyTo()),
        channel,
        answer.status(),
        answer.body().getValue("code"),
        answer.body().getString("message"));
    metrics.rejected(Platforms.DISCORD, "reply_failed");
    return RateLimitedQueue.SENT;
  }

  private long retry(Post post, String why) {
    if (post.attempts >= ATTEMPTS) {
      LOG.warn(
          "Discord: reply {} to {} dropped after {} attempts: {}",
          post.delivery.id(),
          kv("eventId", post.delivery.inReplyTo()),
          post.attempts,
          why);
      metrics.rejected(Platforms.DISCORD, "reply_failed");
      return RateLimitedQueue.SENT;
    }
    return 500L << post.attempts;
  }
}
