package dev.chorus.collector.twitch.eventsub;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventSub subscriptions through the Helix API ({@code GET} and {@code POST
 * /eventsub/subscriptions}, base URL configurable): {@link #sync} makes sure every linked
 * broadcaster has a webhook subscription to each type Chorus normalizes, pointing at Chorus's
 * callback with its secret, and creates only the missing ones. Subscriptions that are enabled or
 * awaiting verification count as present; failed or revoked ones are subscribed again.
 */
public final class HelixSubscriptions {

  private static final Logger LOG = LoggerFactory.getLogger(HelixSubscriptions.class);

  /** The subscription types (and versions) Chorus normalizes. */
  static final List<String[]> TYPES =
      List.of(
          new String[] {"channel.follow", "2"},
          new String[] {"channel.subscribe", "1"},
          new String[] {"channel.subscription.gift", "1"},
          new String[] {"channel.subscription.message", "1"},
          new String[] {"channel.raid", "1"},
          new String[] {"channel.cheer", "1"},
          new String[] {"channel.channel_points_custom_reward_redemption.add", "1"},
          new String[] {"stream.online", "1"},
          new String[] {"stream.offline", "1"});

  private static final Set<String> LIVE =
      Set.of("enabled", "webhook_callback_verification_pending");

  private final HttpClient http;
  private final String baseUrl;
  private final String clientId;
  private final String appToken;
  private final String callback;
  private final String secret;

  public HelixSubscriptions(
      HttpClient http,
      String baseUrl,
      String clientId,
      String appToken,
      String callback,
      String secret) {
    this.http = http;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.clientId = clientId;
    this.appToken = appToken;
    this.callback = callback;
    this.secret = secret;
  }

  /** Creates the missing subscriptions of {@code broadcasters}; the future holds how many. */
  public Future<Integer> sync(Set<String> broadcasters) {
    return existing(null, new HashSet<>())
        .compose(
            present -> {
              List<Future<Boolean>> created = new ArrayList<>();
              for (String broadcaster : broadcasters) {
                for (String[] type : TYPES) {
                  if (!present.contains(type[0] + "|" + broadcaster)) {
                    created.add(create(type[0], type[1], broadcaster));
                  }
                }
              }
              return Future.join(created)
                  .transform(
                      ar ->
                          Future.succeededFuture(
                              (int)
                                  created.stream()
                                      .filter(f -> f.succeeded() && f.result())
                                      .count()));
            });
  }

  /** Every live subscription to our callback, as {@code type|broadcaster}, following cursors. */
  private Future<Set<String>> existing(String cursor, Set<String> found) {
    String url =
        baseUrl
            + "/eventsub/subscriptions"
            + (cursor == null ? "" : "?after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    return call(HttpMethod.GET, url, null)
        .compose(
            page -> {
              JsonArray data = page.getJsonArray("data", new JsonArray());
              for (int i = 0; i < data.size(); i++) {
                JsonObject sub = data.getJsonObject(i);
                JsonObject transport = sub.getJsonObject("transport", new JsonObject());
                if (!LIVE.contains(sub.getString("status"))
                    || !callback.equals(transport.getString("callback"))) {
                  continue;
                }
                JsonObject condition = sub.getJsonObject("condition", new JsonObject());
                String broadcaster =
                    condition.getString(
                        "broadcaster_user_id", condition.getString("to_broadcaster_user_id"));
                found.add(sub.getString("type") + "|" + broadcaster);
              }
              String next = page.getJsonObject("pagination", new JsonObject()).getString("cursor");
              return next == null || next.isEmpty() || found.size() > 100_000
                  ? Future.succeededFuture(found)
                  : existing(next, found);
            });
  }

  private Future<Boolean> create(String type, String version, String broadcaster) {
    JsonObject condition =
        switch (type) {
          case "channel.raid" -> new JsonObject().put("to_broadcaster_user_id", broadcaster);
          case "channel.follow" ->
              new JsonObject()
                  .put("broadcaster_user_id", broadcaster)
                  .put("moderator_user_id", broadcaster);
          default -> new JsonObject().put("broadcaster_user_id", broadcaster);
        };
    JsonObject body =
        new JsonObject()
            .put("type", type)
            .put("version", version)
            .put("condition", condition)
            .put(
                "transport",
                new JsonObject()
                    .put("method", "webhook")
                    .put("callback", callback)
                    .put("secret", secret));
    return call(HttpMethod.POST, baseUrl + "/eventsub/subscriptions", body)
        .map(
            answer -> {
              LOG.info("EventSub: subscribed to {} of {}", type, broadcaster);
              return true;
            })
        .recover(
            e -> {
              LOG.warn(
                  "EventSub: cannot subscribe to {} of {}: {}", type, broadcaster, e.getMessage());
              return Future.succeededFuture(false);
            });
  }

  private Future<JsonObject> call(HttpMethod method, String url, JsonObject body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setAbsoluteURI(url)
            .setIdleTimeout(10_000)
            .putHeader("Client-Id", clientId)
            .putHeader("Authorization", "Bearer " + appToken);
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return http.request(options)
        .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body.encode())))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        b -> {
                          if (response.statusCode() / 100 != 2) {
                            return Future.failedFuture(
                                "Helix answered " + response.statusCode() + ": " + shorten(b));
                          }
                          try {
                            return Future.succeededFuture(
                                b.length() == 0 ? new JsonObject() : new JsonObject(b));
                          } catch (RuntimeException e) {
                            return Future.failedFuture("Helix answered with no JSON");
                          }
                        }));
  }

  private static String shorten(Buffer b) {
    String s = b.toString(StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
