package dev.chorus.access;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API keys: their scope, community, label and life, found by the SHA-256 of their secret. The
 * secret itself is shown once, when the key is made, and never stored: a database dump hands out no
 * access.
 *
 * <p>Adapter: {@code access.sql.SqlApiKeys} on H2 and PostgreSQL; both pass {@code
 * ApiKeysContract}.
 */
public interface ApiKeys {

  /** Prefix of every key's secret, so that secret scanners and people recognise one. */
  String PREFIX = "chk_";

  /** Stores {@code key} (active) with the hash of its secret. */
  Future<Void> insert(ApiKey key, String secretHash);

  /**
   * The key whose secret hashes to {@code secretHash}, active or revoked (the caller refuses a
   * revoked one); the stored hash is compared in constant time.
   */
  Future<Optional<ApiKey>> byHash(String secretHash);

  Future<Optional<ApiKey>> get(String id);

  /** Keys of one community ({@code null}: every key), newest first. */
  Future<List<ApiKey>> list(String community);

  /** Revokes the key; true when it was active until now. */
  Future<Boolean> revoke(String id, Instant at);

  /** A key as made: the stored record and its secret, which is shown this once. */
  record Issued(ApiKey key, String secret) {}

  /** Community ids a per-community key may name (the communities' own rule). */
  java.util.regex.Pattern COMMUNITY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /**
   * Names a {@code chat} key may speak as: 1-32 letters, digits, {@code _ . -}, a letter or digit
   * first.
   */
  java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,31}");

  /**
   * Why a key of {@code scope} for {@code community} with {@code label} cannot be made, or {@code
   * null} when it can (a key of any scope but {@code chat}).
   */
  static String invalid(Scope scope, String community, String label) {
    return invalid(scope, community, label, null, null);
  }

  /**
   * Why a key cannot be made, or {@code null} when it can: a {@code chat} key needs the {@code
   * name} its holder speaks as and a {@code level} ({@code PermissionLevel}'s wire name); no other
   * scope takes either.
   */
  static String invalid(Scope scope, String community, String label, String name, String level) {
    if (scope.perCommunity() && (community == null || !COMMUNITY.matcher(community).matches())) {
      return "a "
          + scope.wire()
          + " key needs a community: 1-64 lower-case letters, digits, - or _";
    }
    if (!scope.perCommunity() && community != null) {
      return "an admin key belongs to no community";
    }
    if (label != null
        && (label.length() > 200 || label.chars().anyMatch(Character::isISOControl))) {
      return "label must be at most 200 characters without control characters";
    }
    if (scope == Scope.CHAT) {
      if (name == null || !NAME.matcher(name).matches()) {
        return "a chat key needs a name: 1-32 letters, digits, _ . -, starting with one";
      }
      if (level == null || !LEVELS.contains(level)) {
        return "level must be viewer, follower, subscriber, vip, moderator or owner";
      }
    } else if (name != null || level != null) {
      return "only a chat key has a name and a level";
    }
    return null;
  }

  /** The permission levels a chat key may carry ({@code PermissionLevel}'s wire names). */
  List<String> LEVELS =
      java.util.Arrays.stream(dev.chorus.event.PermissionLevel.values())
          .map(dev.chorus.event.PermissionLevel::wire)
          .toList();

  /**
   * Makes and stores a key (checked with {@link #invalid} first: fails with {@link
   * IllegalArgumentException}).
   */
  default Future<Issued> issue(
      Scope scope, String community, String label, SecureRandom random, Instant now) {
    return issue(scope, community, label, null, null, random, now);
  }

  /** Makes and stores a key, a {@code chat} key with its {@code name} and {@code level}. */
  default Future<Issued> issue(
      Scope scope,
      String community,
      String label,
      String name,
      String level,
      SecureRandom random,
      Instant now) {
    String reason = invalid(scope, community, label, name, level);
    if (reason != null) {
      return Future.failedFuture(new IllegalArgumentException(reason));
    }
    String secret = newSecret(random);
    ApiKey key =
        new ApiKey(
            java.util.UUID.randomUUID().toString(),
            scope,
            community,
            label == null ? "" : label,
            now.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
            null,
            name,
            level);
    return insert(key, hash(secret)).map(v -> new Issued(key, secret));
  }

  /** A fresh secret: {@value #PREFIX} and 32 random bytes, URL-safe Base64 (47 characters). */
  static String newSecret(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a secret: lower-case hex SHA-256 of its UTF-8 bytes. */
  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of two hashes (or any two strings). */
  static boolean same(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
