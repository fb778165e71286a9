package dev.chorus.overlay;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The read-only overlay token of each community: only its SHA-256 is stored, so a database dump
 * does not hand out overlay feeds. A community has at most one token; rotating replaces it (the old
 * one stops working at once).
 *
 * <p>Adapter: {@code overlay.sql.SqlOverlayTokens} on H2 and PostgreSQL; both pass {@code
 * OverlayTokensContract}.
 */
public interface OverlayTokens {

  /** Stores {@code tokenHash} as the community's token, replacing any earlier one. */
  Future<Void> put(String community, String tokenHash);

  /** Whether {@code tokenHash} is the community's current token. */
  Future<Boolean> matches(String community, String tokenHash);

  /** Whether the community has a token at all. */
  Future<Boolean> exists(String community);

  /** A fresh token: 32 random bytes, URL-safe Base64 without padding (43 characters). */
  static String newToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a token: lower-case hex SHA-256 of its UTF-8 bytes. */
  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
