package dev.chorus.identity;

import dev.chorus.event.PermissionLevel;
import java.time.Instant;

/**
 * A web-chat sign-in token: whoever opens {@code /ws/chat} with it speaks as {@code userName} at
 * {@code level} in {@code community}. Only the token's SHA-256 is stored.
 */
public record WebToken(
    String id,
    String community,
    String userName,
    PermissionLevel level,
    String label,
    Instant createdAt,
    Instant revokedAt) {

  public boolean active() {
    return revokedAt == null;
  }
}
