package dev.chorus.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a repeated warning once per interval per key instead of once per occurrence: the first
 * occurrence is logged at once, later ones within the interval are counted, and the next one logged
 * after it says how many were suppressed. A flood then costs a few lines, not thousands.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    volatile long openedAt;
    final AtomicLong suppressed = new AtomicLong();

    Window(long openedAt) {
      this.openedAt = openedAt;
    }
  }

  public RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /** A WARN line for {@code key}, unless one was written less than an interval ago. */
  public void warn(String key, String format, Object... args) {
    long now = System.nanoTime();
    Window window = windows.computeIfAbsent(key, k -> new Window(now - intervalNanos));
    synchronized (window) {
      if (now - window.openedAt < intervalNanos) {
        window.suppressed.incrementAndGet();
        return;
      }
      window.openedAt = now;
    }
    long suppressed = window.suppressed.getAndSet(0);
    if (suppressed > 0) {
      log.warn(format + " ({} more like this suppressed)", append(args, suppressed));
    } else {
      log.warn(format, args);
    }
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }
}
