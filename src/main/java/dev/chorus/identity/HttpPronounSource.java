package dev.chorus.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twitch users' pronouns from a public pronouns API of the shape {@code GET {base}/api/pronouns} →
 * {@code [{"name":"sheher","display":"She/Her"}]} and {@code GET {base}/api/users/{login}} → {@code
 * [{"login":"alice","pronoun_id":"sheher"}]}.
 *
 * <p>It never makes the stage wait: {@link #cached} answers from memory only and, on a miss, starts
 * one background fetch (at most {@link #MAX_IN_FLIGHT} at once, each bounded in time and size)
 * whose answer — found or not — is kept for {@code ttl}. The next message of that user has it. A
 * failed fetch is remembered briefly ({@link #FAILURE_TTL}) so an outage does not become a storm.
 */
public final class HttpPronounSource implements PronounSource {

  private static final Logger LOG = LoggerFactory.getLogger(HttpPronounSource.class);
  static final int MAX_IN_FLIGHT = 16;
  static final int MAX_BODY = 64 * 1024;
  static final Duration FAILURE_TTL = Duration.ofMinutes(1);
  private static final Pattern LOGIN = Pattern.compile("[a-z0-9_]{1,25}");

  private final HttpClient http;
  private final String base;
  private final long timeoutMs;
  private final Cache<String, Optional<String>> users;
  private final Cache<String, Boolean> failed;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Map<String, String> names;

  /**
   * @param baseUrl e.g. {@code https://pronouns.example}; no trailing slash needed
   */
  public HttpPronounSource(Vertx vertx, String baseUrl, Duration ttl, Duration timeout) {
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions(),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeoutMs = timeout.toMillis();
    this.users = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(ttl).build();
    this.failed = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(FAILURE_TTL).build();
  }

  @Override
  public Optional<String> cached(String login) {
    String key = login.toLowerCase(Locale.ROOT);
    Optional<String> hit = users.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    if (LOGIN.matcher(key).matches() && failed.getIfPresent(key) == null) {
      fetchLater(key);
    }
    return Optional.empty();
  }

  /** Fetches now (tests and warm-up): the pronouns the API gives, in the known set's spelling. */
  public Future<Optional<String>> fetch(String login) {
    String key = login.toLowerCase(Locale.ROOT);
    return displayNames()
        .compose(
            display ->
                get("/api/users/" + URLEncoder.encode(key, StandardCharsets.UTF_8))
                    .map(
                        body -> {
                          Object id =
                              body instanceof JsonArray a
                                      && !a.isEmpty()
                                      && a.getValue(0) instanceof JsonObject o
                                  ? o.getValue("pronoun_id")
                                  : null;
                          Optional<String> found =
                              id instanceof String s && display.containsKey(s)
                                  ? Pronouns.parse(display.get(s))
                                  : Optional.empty();
                          users.put(key, found);
                          return found;
                        }));
  }

  private void fetchLater(String key) {
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      return;
    }
    fetch(key)
        .onComplete(
            ar -> {
              inFlight.decrementAndGet();
              if (ar.failed()) {
                failed.put(key, true);
                LOG.debug("pronouns of {} unavailable: {}", key, ar.cause().getMessage());
              }
            });
  }

  private Future<Map<String, String>> displayNames() {
    Map<String, String> known = names;
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return get("/api/pronouns")
        .map(
            body -> {
              Map<String, String> out = new HashMap<>();
              if (body instanceof JsonArray a) {
                for (Object item : a) {
                  if (item instanceof JsonObject o
                      && o.getValue("name") instanceof String n
                      && o.getValue("display") instanceof String d) {
                    out.put(n, d);
                  }
                }
              }
              names = Map.copyOf(out);
              return names;
            });
  }

  private Future<Object> get(String path) {
    return http.request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(base + path)
                .setTimeout(timeoutMs))
        .compose(
            request ->
                request
                    .send()
                    .compose(
                        response -> {
                          if (response.statusCode() == 404) {
                            return Future.succeededFuture(Buffer.buffer("[]"));
                          }
                          if (response.statusCode() != 200) {
                            return Future.failedFuture("HTTP " + response.statusCode());
                          }
                          String length = response.getHeader("Content-Length");
                          if (length != null && length.length() > 9
                              || length != null && Long.parseLong(length) > MAX_BODY) {
                            return Future.failedFuture("answer larger than " + MAX_BODY);
                          }
                          return bounded(response);
                        }))
        .map(
            body -> {
              try {
                return io.vertx.core.json.Json.decodeValue(body);
              } catch (RuntimeException e) {
                throw new IllegalStateException("not JSON");
              }
            });
  }

  private static Future<Buffer> bounded(io.vertx.core.http.HttpClientResponse response) {
    io.vertx.core.Promise<Buffer> done = io.vertx.core.Promise.promise();
    Buffer body = Buffer.buffer();
    response.handler(
        chunk -> {
          if (body.length() + chunk.length() > MAX_BODY) {
            response.request().reset();
            done.tryFail("answer larger than " + MAX_BODY);
          } else {
            body.appendBuffer(chunk);
          }
        });
    response.exceptionHandler(done::tryFail);
    response.endHandler(v -> done.tryComplete(body));
    return done.future();
  }

  public Future<Void> close() {
    return http.close();
  }
}
