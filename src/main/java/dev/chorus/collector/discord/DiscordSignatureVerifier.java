package dev.chorus.collector.discord;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Verifies Discord interaction requests: {@code X-Signature-Ed25519} is the hex Ed25519 signature,
 * by the application's key, of {@code X-Signature-Timestamp} ‖ raw body. Uses the JDK's Ed25519
 * (Java 15+), no extra library.
 *
 * <p>Discord sets no replay window; Chorus refuses timestamps more than {@link #WINDOW} from now
 * (the header is Unix seconds), so a captured request cannot be played back later.
 */
public final class DiscordSignatureVerifier {

  public static final String SIGNATURE = "X-Signature-Ed25519";
  public static final String TIMESTAMP = "X-Signature-Timestamp";
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private final PublicKey key;

  /**
   * @param publicKeyHex the application's public key as the developer portal shows it: 64 hex
   *     digits, the 32-byte RFC 8032 encoding
   * @throws IllegalArgumentException when it is not such a key
   */
  public DiscordSignatureVerifier(String publicKeyHex) {
    this.key = publicKey(publicKeyHex);
  }

  /**
   * An Ed25519 public key from its RFC 8032 encoding: the y coordinate in little-endian order, with
   * the top bit of the last byte holding whether x is odd. The JDK wants y as a number and the x
   * parity apart ({@link EdECPoint}), so the bytes are reversed and the parity bit cleared.
   */
  public static PublicKey publicKey(String hex) {
    byte[] raw;
    try {
      raw = HexFormat.of().parseHex(hex == null ? "" : hex.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Discord public key is not hex", e);
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException("Discord public key must be 32 bytes, not " + raw.length);
    }
    boolean xOdd = (raw[31] & 0x80) != 0;
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = raw[31 - i];
    }
    bigEndian[0] &= 0x7F;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  public DiscordVerification verify(
      String signatureHex, String timestamp, byte[] body, Instant now) {
    if (timestamp == null || timestamp.isEmpty() || timestamp.length() > 20 || body == null) {
      return DiscordVerification.MALFORMED;
    }
    if (signatureHex == null || signatureHex.length() != 128) {
      return DiscordVerification.BAD_SIGNATURE;
    }
    byte[] signature;
    try {
      signature = HexFormat.of().parseHex(signatureHex);
    } catch (IllegalArgumentException e) {
      return DiscordVerification.BAD_SIGNATURE;
    }
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ed.update(body);
      if (!ed.verify(signature)) {
        return DiscordVerification.BAD_SIGNATURE;
      }
    } catch (GeneralSecurityException e) {
      // A signature the JDK cannot even decode (e.g. S out of range) is a bad signature.
      return DiscordVerification.BAD_SIGNATURE;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return DiscordVerification.MALFORMED;
    }
    long skew = Math.abs(now.getEpochSecond() - seconds);
    return skew > WINDOW.toSeconds() || skew < 0
        ? DiscordVerification.STALE
        : DiscordVerification.OK;
  }
}
