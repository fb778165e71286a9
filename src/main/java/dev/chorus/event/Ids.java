package dev.chorus.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
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

  /** Largest timestamp a UUIDv7 holds (48 bits of milliseconds). */
  private static final long MAX_MILLIS = (1L << 48) - 1;

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

  /**
   * The id of a platform message: the same on every node and after every reconnect, so the log's
   * idempotent insert sees a message ingested twice as one event. Laid out as a UUIDv7 (version 7,
   * variant 2) whose 48-bit time part is the platform's own timestamp of the message and whose
   * remaining 74 bits are the first bits of SHA-256 over (platform, community, platform message
   * id), each part length-prefixed so that no two different triples hash the same input.
   *
   * @param platformTime the platform's timestamp of the message (Twitch {@code tmi-sent-ts},
   *     Discord's snowflake time, Slack's {@code event_time}); clamped to the 48-bit range
   */
  public static String forPlatformMessage(
      String platform, String community, String platformMessageId, Instant platformTime) {
    Checks.notBlank(platform, "platform");
    Checks.notBlank(community, "community");
    Checks.notBlank(platformMessageId, "platformMessageId");
    if (platformTime == null) {
      throw new IllegalArgumentException("platformTime is required");
    }
    long millis = Math.max(0, Math.min(MAX_MILLIS, platformTime.toEpochMilli()));
    byte[] hash = sha256(platform, community, platformMessageId);
    ByteBuffer bits = ByteBuffer.wrap(hash);
    long randA = (bits.getShort() & 0xFFFL);
    long randB = bits.getLong() & 0x3FFFFFFFFFFFFFFFL;
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = randB | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private static byte[] sha256(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
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
