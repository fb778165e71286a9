package dev.chorus.collector.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the workspace says a Slack user is — {@code admin}, {@code owner}, {@code primary_owner} —
 * read with {@code users.info} (scope {@code users:read}) for the community's role mapping. Slack's
 * message events carry no such flags. One call per user per {@link #TTL}, calls for the same user
 * in flight shared, each bounded by {@code timeout}; a failed or slow call gives no flags (the user
 * is then what the rest of the mapping says) and is not remembered.
 *
 * <p>Not thread-safe: one per route, used from its event loop.
 */
final class SlackMembers {

  static final Duration TTL = Duration.ofMinutes(10);
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(SlackMembers.class);
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");

  private final HttpClient http;
  private final String url;
  private final String auth;
  private final long timeoutMs;
  private final Cache<String, List<String>> known =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(TTL).build();
  private final Cache<String, Boolean> failed =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(RETRY_AFTER).build();
  private final Map<String, Future<List<String>>> inFlight = new HashMap<>();

  SlackMembers(HttpClient http, String apiUrl, String botToken, Duration timeout) {
    this.http = http;
    this.url = apiUrl.endsWith("/") ? apiUrl + "users.info" : apiUrl + "/users.info";
    this.auth = "Bearer " + botToken;
    this.timeoutMs = timeout.toMillis();
  }

  /** The user's workspace flags; never fails (an empty list when they cannot be read). */
  Future<List<String>> flags(String team, String user) {
    if (user == null || !USER_ID.matcher(user).matches()) {
      return Future.succeededFuture(List.of());
    }
    String key = team + "/" + user;
    List<String> cached = known.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    if (failed.getIfPresent(key) != null) {
      return Future.succeededFuture(List.of());
    }
    Future<List<String>> pending = inFlight.get(key);
    if (pending != null) {
      return pending;
    }
    Promise<List<String>> promise = Promise.promise();
    inFlight.put(key, promise.future());
    fetch(user)
        .onComplete(
            ar -> {
              inFlight.remove(key);
              if (ar.succeeded()) {
                known.put(key, ar.result());
                promise.complete(ar.result());
              } else {
                failed.put(key, Boolean.TRUE);
                LOG.warn(
                    "Slack: users.info for {} failed ({}); no workspace flags for {}",
                    user,
                    ar.cause().getMessage(),
                    RETRY_AFTER);
                promise.complete(List.of());
              }
            });
    return promise.future();
  }

  private Future<List<String>> fetch(String user) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8))
            .putHeader("Authorization", auth)
            .setIdleTimeout(timeoutMs)
            .setConnectTimeout(timeoutMs);
    return http.request(options)
        .compose(request -> request.send().compose(response -> response.body()))
        .map(SlackMembers::parse)
        .timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The flags of a {@code users.info} answer; fails on {@code ok: false} or a body not JSON. */
  static List<String> parse(Buffer body) {
    JsonObject answer = new JsonObject(body);
    if (!answer.getBoolean("ok", false)) {
      throw new IllegalStateException("users.info: " + answer.getString("error", "not ok"));
    }
    JsonObject u = answer.getJsonObject("user", new JsonObject());
    List<String> flags = new ArrayList<>(3);
    if (u.getBoolean("is_admin", false)) {
      flags.add("admin");
    }
    if (u.getBoolean("is_owner", false)) {
      flags.add("owner");
    }
    if (u.getBoolean("is_primary_owner", false)) {
      flags.add("primary_owner");
    }
    return List.copyOf(flags);
  }
}
