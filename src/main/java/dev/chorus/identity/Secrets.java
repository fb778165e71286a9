package dev.chorus.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Web-chat tokens and link codes: drawn from {@link SecureRandom}, kept only as SHA-256, so that a
 * store read (a database dump, a Redis key) reveals nothing usable, and every comparison is of
 * hashes (a timing difference leaks a hash prefix, never the secret).
 */
public final class Secrets {

  /**
   * Web-chat tokens made before they were keys of the access model start with this (new ones are
   * {@code chk_} keys, decision 124); they still sign in.
   */
  public static final String TOKEN_PREFIX = "chorus_wt_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A link code of {@code digits} decimal digits. */
  public static String newCode(int digits) {
    StringBuilder code = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      code.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return code.toString();
  }

  /** SHA-256 of the UTF-8 text, lower-case hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
