package dev.chorus.ops.http;

import dev.chorus.module.JsonResponses;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards the admin API with a bearer key. Only the key's SHA-256 is kept in memory, and the
 * comparison is constant-time. Without a configured key the admin API answers 404: disabled, not
 * open.
 */
public final class AdminAuth implements Handler<RoutingContext> {

  private final byte[] keyHash;

  /**
   * @param adminKey the configured key, or {@code null} to disable the admin API
   */
  public AdminAuth(String adminKey) {
    this.keyHash = adminKey == null ? null : sha256(adminKey);
  }

  public boolean enabled() {
    return keyHash != null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (keyHash == null) {
      JsonResponses.error(
          ctx,
          404,
          "admin_api_disabled",
          "the admin API is disabled: set CHORUS_ADMIN_KEY to enable it");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    if (presented == null || !MessageDigest.isEqual(keyHash, sha256(presented))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"chorus-admin\"");
      JsonResponses.error(
          ctx,
          401,
          "unauthorized",
          "a valid admin API key is required as 'Authorization: Bearer <key>'");
      return;
    }
    ctx.next();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
