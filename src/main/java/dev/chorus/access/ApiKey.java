package dev.chorus.access;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A stored API key without its secret: the store keeps only the secret's SHA-256.
 *
 * @param community the key's community; {@code null} for an {@code admin} key
 * @param revokedAt when it was revoked, {@code null} while it is active
 */
public record ApiKey(
    String id, Scope scope, String community, String label, Instant createdAt, Instant revokedAt) {

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
    if (revokedAt != null) {
      json.put("revokedAt", revokedAt.toString());
    }
    return json;
  }
}
