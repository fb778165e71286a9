package dev.chorus.collector.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing, version 0: {@code X-Slack-Signature} is {@code v0=} and the hex
 * HMAC-SHA256, keyed with the app's signing secret, of {@code v0:} ‖ {@code
 * X-Slack-Request-Timestamp} ‖ {@code :} ‖ raw body; the timestamp (Unix seconds) is at most {@link
 * #WINDOW} from now. Comparison is constant-time.
 */
public final class SlackSignatureVerifier {

  public static final String SIGNATURE = "X-Slack-Signature";
  public static final String TIMESTAMP = "X-Slack-Request-Timestamp";
  public static final String RETRY_NUM = "X-Slack-Retry-Num";
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private static final String VERSION = "v0";

  private final SecretKeySpec key;

  public SlackSignatureVerifier(String signingSecret) {
    if (signingSecret == null || signingSecret.isBlank()) {
      throw new IllegalArgumentException("Slack signing secret is required");
    }
    this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** OK, BAD_SIGNATURE, STALE or MALFORMED (replays are found later, by event id). */
  public SlackVerification verify(String signature, String timestamp, byte[] body, Instant now) {
    if (timestamp == null || timestamp.isEmpty() || timestamp.length() > 20 || body == null) {
      return SlackVerification.MALFORMED;
    }
    if (signature == null || !signature.startsWith(VERSION + "=") || signature.length() != 67) {
      return SlackVerification.BAD_SIGNATURE;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature, 3, signature.length());
    } catch (IllegalArgumentException e) {
      return SlackVerification.BAD_SIGNATURE;
    }
    if (!MessageDigest.isEqual(hmac(timestamp, body), given)) {
      return SlackVerification.BAD_SIGNATURE;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return SlackVerification.MALFORMED;
    }
    long skew = Math.abs(now.getEpochSecond() - seconds);
    return skew > WINDOW.toSeconds() || skew < 0 ? SlackVerification.STALE : SlackVerification.OK;
  }

  /** {@code v0=<hex>} for a body: what Slack sends, for tests and load generators. */
  public String sign(String timestamp, byte[] body) {
    return VERSION + "=" + HexFormat.of().formatHex(hmac(timestamp, body));
  }

  private byte[] hmac(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
