package dev.chorus.access;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A stored API key without its secret: the store keeps only the secret's SHA-256.
 *
 * @param community the key's community; {@code null} for an {@code admin} key
 * @param revokedAt when it was revoked, {@code null} while it is active
 * @param name for a {@code chat} key the name its holder speaks as, {@code null} otherwise
 * @param level for a {@code chat} key the holder's permission level ({@code PermissionLevel}'s wire
 *     name), {@code null} otherwise
 */
public record ApiKey(
    String id,
    Scope scope,
    String community,
    String label,
    Instant createdAt,
    Instant revokedAt,
    String name,
    String level) {

  /** A key of an admin API scope (or an overlay key): no sign-in name, no level. */
  public ApiKey(
      String id,
      Scope scope,
      String community,
      String label,
      Instant createdAt,
      Instant revokedAt) {
    this(id, scope, community, label, createdAt, revokedAt, null, null);
  }

  public boolean active() {
    return revokedAt == null;
  }

  /** The API's JSON form: never the secret, never the hash. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id)
            .put("scope", scope.wire())
            .put("community", community)
            .put("label", label)
            .put("createdAt", createdAt.toString())
            .put("revoked", revokedAt != null);
    if (name != null) {
      json.put("name", name).put("level", level);
    }
    if (revokedAt != null) {
      json.put("revokedAt", revokedAt.toString());
    }
    return json;
  }
}
