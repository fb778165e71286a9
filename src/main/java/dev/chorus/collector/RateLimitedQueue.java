package dev.chorus.collector;

import dev.chorus.state.RateDecision;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A collector's bounded outbound queue in front of a platform's rate limit. Items leave the queue
 * in order, one at a time, each after the gate (a sliding-window limit, usually shared through the
 * state store so that every node sending as one account draws from one bucket) allowed it and the
 * writer accepted it. An item the writer cannot take (the connection is down) stays at the head
 * until {@link #kick()} is called again after a reconnect: a dropped connection loses nothing that
 * is still queued.
 *
 * <p>The writer may be asynchronous (an HTTP request): it answers how it went as a delay — {@link
 * #SENT} (done, take the next), a positive number of milliseconds (keep the item and try it again
 * then, e.g. a platform's {@code Retry-After}), or {@link #NOT_READY} (keep it until the next
 * {@link #kick()}). An item that failed for good is reported {@code SENT} by the writer, which logs
 * the platform's reason.
 *
 * <p>When the gate refuses, the queue waits for the gate's {@code retryAfter}; when the gate fails
 * (the state store is down) it waits {@value #GATE_FAILURE_WAIT_MS} ms and asks again rather than
 * send unmetered. Not thread-safe: used on the owning verticle's context.
 *
 * @param <T> an outbound item (a line, a request)
 */
public final class RateLimitedQueue<T> {

  static final long GATE_FAILURE_WAIT_MS = 1000;

  /** The writer's answer: written (or failed for good); take the next item. */
  public static final long SENT = 0;

  /** The writer's answer: cannot write now; keep the item until the next kick. */
  public static final long NOT_READY = -1;

  private final Vertx vertx;
  private final int capacity;
  private final BooleanSupplier ready;
  private final Function<T, Future<RateDecision>> gate;
  private final Function<T, Future<Long>> writer;
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private boolean pumping;
  private long timer = -1;

  /**
   * @param ready whether the writer can take an item now (checked before drawing from the gate, so
   *     a down connection burns no allowance)
   * @param gate the rate limit for one item
   * @param writer writes one item; false when it could not (the item stays queued)
   */
  public static <T> RateLimitedQueue<T> sync(
      Vertx vertx,
      int capacity,
      BooleanSupplier ready,
      Function<T, Future<RateDecision>> gate,
      Predicate<T> writer) {
    return new RateLimitedQueue<>(
        vertx,
        capacity,
        ready,
        gate,
        item -> Future.succeededFuture(writer.test(item) ? SENT : NOT_READY));
  }

  /**
   * @param ready whether the writer can take an item now (checked before drawing from the gate)
   * @param gate the rate limit for one item
   * @param writer writes one item and answers {@link #SENT}, a retry delay in ms, or {@link
   *     #NOT_READY}; a failed future counts as a retry after {@value #GATE_FAILURE_WAIT_MS} ms
   */
  public RateLimitedQueue(
      Vertx vertx,
      int capacity,
      BooleanSupplier ready,
      Function<T, Future<RateDecision>> gate,
      Function<T, Future<Long>> writer) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.vertx = vertx;
    this.capacity = capacity;
    this.ready = ready;
    this.gate = gate;
    this.writer = writer;
  }

  /** Queues {@code item}; false when the queue is full (the caller logs and counts the drop). */
  public boolean offer(T item) {
    if (items.size() >= capacity) {
      return false;
    }
    items.addLast(item);
    kick();
    return true;
  }

  /** Items waiting. */
  public int size() {
    return items.size();
  }

  /** Drops every waiting item, e.g. the joins of a connection that is gone. */
  public void clear() {
    items.clear();
  }

  /** Removes the waiting items matching {@code which}. */
  public void removeIf(Predicate<T> which) {
    items.removeIf(which);
  }

  /** Sends what may be sent now; call after a (re)connect. */
  public void kick() {
    if (pumping || timer >= 0 || items.isEmpty() || !ready.getAsBoolean()) {
      return;
    }
    pumping = true;
    T head = items.peekFirst();
    Future<RateDecision> decision;
    try {
      decision = gate.apply(head);
    } catch (RuntimeException e) {
      decision = Future.failedFuture(e);
    }
    decision.onComplete(
        ar -> {
          pumping = false;
          if (ar.failed()) {
            later(GATE_FAILURE_WAIT_MS);
          } else if (!ar.result().allowed()) {
            later(Math.max(10, ar.result().retryAfter().toMillis()));
          } else if (items.peekFirst() == head) {
            write(head);
          }
        });
  }

  private void write(T head) {
    pumping = true;
    Future<Long> written;
    try {
      written = writer.apply(head);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(
        ar -> {
          pumping = false;
          long answer = ar.succeeded() ? ar.result() : GATE_FAILURE_WAIT_MS;
          if (answer == SENT) {
            if (items.peekFirst() == head) {
              items.pollFirst();
            }
            kick();
          } else if (answer > 0) {
            later(answer);
          }
          // NOT_READY: written nowhere (the connection went down meanwhile); a reconnect kicks.
        });
  }

  private void later(long ms) {
    timer =
        vertx.setTimer(
            ms,
            id -> {
              timer = -1;
              kick();
            });
  }

  /** Stops the pending wait; the queue keeps its items. */
  public void cancel() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
