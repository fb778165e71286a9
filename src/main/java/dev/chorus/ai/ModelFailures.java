package dev.chorus.ai;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Reads a provider failure: a 429 (rate limited) or a 5xx (the provider's trouble) may succeed on a
 * retry after a pause; a timeout is not retried (it already cost the whole timeout); anything else
 * (a 4xx: bad key, unknown model, refused request) will fail again.
 */
final class ModelFailures {

  private ModelFailures() {}

  static boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RateLimitException || t instanceof InternalServerException) {
        return true;
      }
      if (t instanceof HttpException http) {
        return http.statusCode() == 429 || http.statusCode() >= 500;
      }
      if (t == t.getCause()) {
        break;
      }
    }
    return false;
  }

  static boolean timeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof java.util.concurrent.TimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
      if (t == t.getCause()) {
        break;
      }
    }
    return false;
  }

  /** A short name for the log: {@code rate_limited}, {@code server_error}, {@code timeout} … */
  static String describe(Throwable failure) {
    if (timeout(failure)) {
      return "timeout";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RateLimitException) {
        return "rate_limited";
      }
      if (t instanceof InternalServerException) {
        return "server_error";
      }
      if (t instanceof HttpException http) {
        return "http_" + http.statusCode();
      }
      if (t instanceof io.vertx.circuitbreaker.OpenCircuitException) {
        return "circuit_open";
      }
      if (t == t.getCause()) {
        break;
      }
    }
    return failure.getClass().getSimpleName();
  }

  /**
   * The {@code outcome} tag of a failed call in {@code chorus_ai_calls_total}: one of a closed set
   * ({@code timeout}, {@code rate_limited}, {@code server_error}, {@code client_error}, {@code
   * breaker_open}, {@code busy}, {@code error}), never a status code or a message.
   */
  static String outcome(Throwable failure) {
    if (failure instanceof ModelCaller.Busy) {
      return "busy";
    }
    if (timeout(failure)) {
      return "timeout";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof io.vertx.circuitbreaker.OpenCircuitException) {
        return "breaker_open";
      }
      if (t instanceof RateLimitException) {
        return "rate_limited";
      }
      if (t instanceof InternalServerException) {
        return "server_error";
      }
      if (t instanceof HttpException http) {
        int status = http.statusCode();
        return status == 429 ? "rate_limited" : status >= 500 ? "server_error" : "client_error";
      }
      if (t == t.getCause()) {
        break;
      }
    }
    return "error";
  }
}
