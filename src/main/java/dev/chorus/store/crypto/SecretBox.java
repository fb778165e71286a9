package dev.chorus.store.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts values at rest (platform OAuth tokens) with AES-256-GCM: a fresh random 96-bit nonce per
 * value, a 128-bit tag, and the row the value belongs to as associated data, so a ciphertext copied
 * into another row does not open. Each sealed value starts with the id of the key that sealed it
 * ({@code v1.<key id>.<base64url(nonce | ciphertext | tag)>}): the newest key seals, every
 * configured key opens, and {@link #isCurrent} tells which values still need re-encrypting after a
 * rotation (decision 091).
 *
 * <p>The key id is the first 8 bytes of SHA-256 over a label and the key: it names a key without
 * revealing it. No value, key or plaintext ever appears in an exception message.
 */
public final class SecretBox {

  private static final String VERSION = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_IN = Base64.getUrlDecoder();

  private record Key(String id, SecretKeySpec spec) {}

  private final Key current;
  private final Map<String, Key> keys = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();

  private SecretBox(byte[] current, List<byte[]> older) {
    this.current = key(current);
    keys.put(this.current.id(), this.current);
    for (byte[] old : older) {
      Key k = key(old);
      keys.putIfAbsent(k.id(), k);
    }
  }

  /**
   * A box that seals with {@code current} and opens with it and every key of {@code older}; each is
   * standard or URL-safe base64 of 32 bytes.
   *
   * @throws IllegalArgumentException naming which key is malformed, never its value
   */
  public static SecretBox of(String current, List<String> older) {
    byte[] now = decodeKey(current, "the current key");
    List<byte[]> old = older.stream().map(k -> decodeKey(k, "an earlier key")).toList();
    return new SecretBox(now, old);
  }

  /** A new random key in the form {@link #of} takes (what an operator puts in the environment). */
  public static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** Whether {@code key} is base64 of 32 bytes. */
  public static boolean isValidKey(String key) {
    try {
      decodeKey(key, "key");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The id of the key that seals. */
  public String keyId() {
    return current.id();
  }

  /** {@code plaintext} sealed under the current key, bound to {@code context} (e.g. the row). */
  public String seal(String plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(current.id(), context));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return VERSION + "." + current.id() + "." + B64.encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getName());
    }
  }

  /**
   * The plaintext of {@code sealed}, which must have been sealed with {@code context}.
   *
   * @throws SecretBoxException when the value is malformed, sealed under a key this box does not
   *     hold, or altered (including moved to another context)
   */
  public String open(String sealed, String context) {
    String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      throw new SecretBoxException("not a sealed value (expected v1.<key id>.<data>)");
    }
    Key key = keys.get(parts[1]);
    if (key == null) {
      throw new SecretBoxException(
          "sealed under key "
              + parts[1]
              + ", which is not configured (secrets.key or secrets.keyOld)");
    }
    byte[] data;
    try {
      data = B64_IN.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new SecretBoxException("sealed value under key " + key.id() + " is not base64");
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretBoxException("sealed value under key " + key.id() + " is truncated");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(aad(key.id(), context));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new SecretBoxException(
          "sealed value under key " + key.id() + " fails authentication (altered or moved)");
    } catch (GeneralSecurityException e) {
      throw new SecretBoxException("sealed value under key " + key.id() + " cannot be opened");
    }
  }

  /** Whether {@code sealed} is sealed under the current key (else re-seal it). */
  public boolean isCurrent(String sealed) {
    return sealed != null && sealed.startsWith(VERSION + "." + current.id() + ".");
  }

  private static byte[] aad(String keyId, String context) {
    return (VERSION + "." + keyId + "|" + context).getBytes(StandardCharsets.UTF_8);
  }

  private static Key key(byte[] bytes) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(concat("chorus secrets key id\0".getBytes(StandardCharsets.UTF_8), bytes));
      String id = HexFormat.of().formatHex(digest, 0, 8);
      return new Key(id, new SecretKeySpec(bytes, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] decodeKey(String key, String which) {
    String k = key == null ? "" : key.trim();
    byte[] bytes;
    try {
      bytes =
          k.contains("-") || k.contains("_")
              ? Base64.getUrlDecoder().decode(k)
              : Base64.getDecoder().decode(k);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(which + " is not base64");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          which + " must be base64 of 32 bytes (256 bits), got " + bytes.length + " bytes");
    }
    return bytes;
  }
}
