package dev.chorus.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered identifiers (UUID version 7, RFC 9562). Ids from one process are strictly
 * increasing: within one millisecond the 12-bit {@code rand_a} field is used as a counter, and when
 * it overflows the timestamp borrows the next millisecond (method 3 of the RFC, "monotonic
 * random"). The random bits are not secret: ids are idempotency keys, not credentials.
 */
public final class Ids {

  /** Last issued (millis << 12 | counter); compare-and-set keeps ids monotonic across threads. */
  private static final AtomicLong LAST = new AtomicLong();

  private Ids() {}

  /** A new UUIDv7 in canonical text form. */
  public static String next() {
    long now = System.currentTimeMillis() << 12;
    long stamp;
    while (true) {
      long last = LAST.get();
      stamp = now > last ? now : last + 1;
      if (LAST.compareAndSet(last, stamp)) {
        break;
      }
    }
    long millis = stamp >>> 12;
    long counter = stamp & 0xFFF;
    long msb = (millis << 16) | 0x7000L | counter;
    long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** The millisecond timestamp embedded in a UUIDv7, or -1 when {@code id} is not one. */
  public static long timestampOf(String id) {
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.version() == 7 ? uuid.getMostSignificantBits() >>> 16 : -1;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
