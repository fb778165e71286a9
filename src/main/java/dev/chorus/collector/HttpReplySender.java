package dev.chorus.collector;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One JSON POST to a platform's REST API, read back as status, headers and body: what the Slack and
 * Discord reply senders share. Bounded: the response body is read up to {@value #MAX_BODY} bytes'
 * worth of meaning (larger bodies are cut; platforms answer small JSON).
 */
public final class HttpReplySender {

  static final int MAX_BODY = 64 * 1024;

  /** A platform's answer. */
  public record Answer(
      int status, String retryAfter, Map<String, String> headers, JsonObject body) {

    /**
     * {@code Retry-After} (seconds, possibly fractional) in milliseconds, at least {@code min}; or
     * {@code fallback} when absent or unreadable.
     */
    public long retryAfterMs(long fallback, long min) {
      if (retryAfter == null) {
        return fallback;
      }
      try {
        double seconds = Double.parseDouble(retryAfter.trim());
        if (seconds < 0 || Double.isNaN(seconds) || seconds > 3600) {
          return fallback;
        }
        return Math.max(min, (long) Math.ceil(seconds * 1000));
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
  }

  private final HttpClient client;
  private final long timeoutMs;

  public HttpReplySender(HttpClient client, long timeoutMs) {
    this.client = client;
    this.timeoutMs = timeoutMs;
  }

  /** POSTs {@code json} to {@code url} with {@code headers}; fails only on a transport error. */
  public Future<Answer> post(String url, Map<String, String> headers, JsonObject json) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .setIdleTimeout(timeoutMs);
    headers.forEach(options::putHeader);
    options.putHeader("Content-Type", "application/json; charset=utf-8");
    return client
        .request(options)
        .compose(request -> request.send(Buffer.buffer(json.encode())))
        .compose(response -> response.body().map(body -> answer(response, body)));
  }

  private static Answer answer(HttpClientResponse response, Buffer body) {
    JsonObject json = null;
    if (body.length() > 0 && body.length() <= MAX_BODY) {
      try {
        json = new JsonObject(body);
      } catch (RuntimeException e) {
        json = null; // not JSON: the status says enough
      }
    }
    Map<String, String> headers = new java.util.HashMap<>();
    response.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
    return new Answer(
        response.statusCode(),
        response.getHeader("Retry-After"),
        Map.copyOf(headers),
        json == null ? new JsonObject() : json);
  }
}
