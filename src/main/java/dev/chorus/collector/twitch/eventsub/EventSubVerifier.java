package dev.chorus.collector.twitch.eventsub;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that an EventSub webhook request comes from Twitch, as Twitch documents it: {@code
 * Twitch-Eventsub-Message-Signature} is {@code sha256=} and the hex HMAC-SHA256, keyed with the
 * subscription's secret, of message id ‖ timestamp ‖ raw body; the timestamp is at most {@link
 * #WINDOW} away from now; the message id was not seen before. Comparison is constant-time.
 */
public final class EventSubVerifier {

  public static final String MESSAGE_ID = "Twitch-Eventsub-Message-Id";
  public static final String TIMESTAMP = "Twitch-Eventsub-Message-Timestamp";
  public static final String SIGNATURE = "Twitch-Eventsub-Message-Signature";
  public static final String MESSAGE_TYPE = "Twitch-Eventsub-Message-Type";

  /** Twitch: "make sure the message isn't older than 10 minutes". */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private static final String PREFIX = "sha256=";

  private final SecretKeySpec key;
  private final SeenIds seen;

  /**
   * @param secret the secret given to Twitch when subscribing (10 to 100 ASCII characters)
   */
  public EventSubVerifier(String secret, SeenIds seen) {
    if (secret == null || secret.length() < 10 || secret.length() > 100) {
      throw new IllegalArgumentException("EventSub secret must be 10 to 100 characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.seen = seen;
  }

  /**
   * The verdict on one request. Only an authentic, fresh message is recorded as seen, so forged or
   * stale requests cannot fill the seen-set.
   */
  public Verification verify(
      String messageId, String timestamp, String signature, byte[] body, Instant now) {
    if (messageId == null || messageId.isEmpty() || messageId.length() > 256) {
      return Verification.MALFORMED;
    }
    if (timestamp == null || timestamp.isEmpty() || timestamp.length() > 64 || body == null) {
      return Verification.MALFORMED;
    }
    if (signature == null || !signature.startsWith(PREFIX) || signature.length() != 71) {
      return Verification.BAD_SIGNATURE;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature, PREFIX.length(), signature.length());
    } catch (IllegalArgumentException e) {
      return Verification.BAD_SIGNATURE;
    }
    if (!MessageDigest.isEqual(hmac(messageId, timestamp, body), given)) {
      return Verification.BAD_SIGNATURE;
    }
    Instant sent = parseTimestamp(timestamp);
    if (sent == null) {
      return Verification.MALFORMED;
    }
    if (Duration.between(sent, now).abs().compareTo(WINDOW) > 0) {
      return Verification.STALE;
    }
    return seen.firstSeen(messageId, now, WINDOW.multipliedBy(2))
        ? Verification.OK
        : Verification.REPLAY;
  }

  /** {@code sha256=<hex>} for a body: what Twitch sends, for tests and load generators. */
  public String sign(String messageId, String timestamp, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(messageId, timestamp, body));
  }

  private byte[] hmac(String messageId, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(messageId.getBytes(StandardCharsets.UTF_8));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /** RFC 3339, as Twitch writes it ({@code 2023-07-19T14:56:51.634234626Z}); null if unreadable. */
  static Instant parseTimestamp(String timestamp) {
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(timestamp).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }
}
