package dev.chorus.collector.twitch.token;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Twitch user token fresh: {@link #accessToken} answers the stored access token, and when
 * it expires within {@code margin} (or the server refused it, {@link #invalidate}) first trades the
 * refresh token for a new pair at Twitch's token endpoint ({@code POST /oauth2/token, grant_type
 * refresh_token}) and stores the new pair, encrypted, through {@link TwitchTokens}. Twitch rotates
 * refresh tokens, so the stored pair is the only copy that works; one refresh per account runs at a
 * time. Tokens never appear in a log line or an error message; a refused refresh names the account
 * and the status only.
 */
public final class TwitchTokenRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(TwitchTokenRefresher.class);
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final HttpClient http;
  private final String tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final TwitchTokens tokens;
  private final Duration margin;
  private final Clock clock;
  private final Map<String, Future<String>> inFlight = new HashMap<>();

  public TwitchTokenRefresher(
      HttpClient http,
      String tokenUrl,
      String clientId,
      String clientSecret,
      TwitchTokens tokens,
      Duration margin,
      Clock clock) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.tokens = tokens;
    this.margin = margin;
    this.clock = clock;
  }

  /**
   * Stores {@code seed} for {@code account} unless a token is stored already (the first start: the
   * operator's token pair from the environment; later starts keep the refreshed pair).
   */
  public Future<Boolean> seed(String account, TwitchToken seed) {
    return tokens
        .get(account)
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(false)
                    : tokens.put(account, seed).map(true));
  }

  /** A working access token for {@code account}, refreshed first when it is about to expire. */
  public synchronized Future<String> accessToken(String account) {
    Future<String> running = inFlight.get(account);
    if (running != null) {
      return running;
    }
    Future<String> result =
        tokens
            .get(account)
            .compose(
                found -> {
                  if (found.isEmpty()) {
                    return Future.failedFuture(
                        new IllegalStateException("no Twitch token stored for " + account));
                  }
                  TwitchToken token = found.get();
                  return token.expiresWithin(margin, clock.instant())
                      ? refresh(account, token)
                      : Future.succeededFuture(token.accessToken());
                });
    inFlight.put(account, result);
    result.onComplete(ar -> done(account, result));
    return result;
  }

  /**
   * Refreshes {@code account}'s token now, whatever its expiry (the server refused it); the next
   * {@link #accessToken} answers the new one.
   */
  public Future<String> invalidate(String account) {
    return tokens
        .get(account)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.failedFuture(
                        new IllegalStateException("no Twitch token stored for " + account))
                    : refresh(account, found.get()));
  }

  private synchronized void done(String account, Future<String> result) {
    inFlight.remove(account, result);
  }

  private Future<String> refresh(String account, TwitchToken current) {
    if (current.refreshToken().isEmpty()) {
      return Future.failedFuture(
          new IllegalStateException(
              "the Twitch token of " + account + " expired and has no refresh token"));
    }
    String body =
        "grant_type=refresh_token&refresh_token="
            + form(current.refreshToken())
            + "&client_id="
            + form(clientId)
            + "&client_secret="
            + form(clientSecret);
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(tokenUrl)
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .setTimeout(10_000);
    return http.request(request)
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(
            resp ->
                resp.body()
                    .compose(
                        buffer -> {
                          if (resp.statusCode() != 200) {
                            return Future.failedFuture(
                                new IllegalStateException(
                                    "Twitch refused to refresh the token of "
                                        + account
                                        + " (HTTP "
                                        + resp.statusCode()
                                        + "): authorize the account again"));
                          }
                          if (buffer.length() > MAX_RESPONSE_BYTES) {
                            return Future.failedFuture(
                                new IllegalStateException("token response too large"));
                          }
                          return Future.succeededFuture(parse(buffer, current));
                        }))
        .compose(
            fresh ->
                tokens
                    .put(account, fresh)
                    .map(
                        v -> {
                          LOG.info(
                              "Twitch token of {} refreshed; expires {}",
                              account,
                              fresh.expiresAt());
                          return fresh.accessToken();
                        }));
  }

  private TwitchToken parse(Buffer buffer, TwitchToken current) {
    JsonObject json;
    try {
      json = buffer.toJsonObject();
    } catch (RuntimeException e) {
      throw new IllegalStateException("the token endpoint answered something other than JSON");
    }
    String access = json.getValue("access_token") instanceof String s ? s : "";
    if (access.isEmpty()) {
      throw new IllegalStateException("the token endpoint's answer has no access_token");
    }
    String refresh =
        json.getValue("refresh_token") instanceof String s && !s.isEmpty()
            ? s
            : current.refreshToken();
    List<String> scopes = new ArrayList<>(current.scopes());
    if (json.getValue("scope") instanceof JsonArray array) {
      scopes.clear();
      array.forEach(item -> scopes.add(String.valueOf(item)));
    }
    Instant expires =
        json.getValue("expires_in") instanceof Number n && n.longValue() > 0
            ? clock.instant().plusSeconds(n.longValue())
            : null;
    return new TwitchToken(access, refresh, scopes, expires);
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
