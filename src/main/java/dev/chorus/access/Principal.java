package dev.chorus.access;

import io.vertx.core.json.JsonObject;

/**
 * Who a request speaks for: the key's id, scope and community ({@code null} for admin), and for a
 * dashboard session its CSRF token.
 *
 * @param keyId the key's id, {@link #BOOTSTRAP} for the configured admin key
 * @param csrf the session's CSRF token; {@code null} when the request carried the key itself
 * @param name a {@code chat} key's sign-in name, {@code null} otherwise
 * @param level a {@code chat} key's permission level, {@code null} otherwise
 */
public record Principal(
    String keyId, Scope scope, String community, String csrf, String name, String level) {

  /** The id of the deployment's configured admin key ({@code CHORUS_ADMIN_KEY}). */
  public static final String BOOTSTRAP = "bootstrap";

  /** Where the access check leaves the principal in the routing context for the route. */
  public static final String CONTEXT = "chorus.principal";

  public static Principal of(ApiKey key) {
    return new Principal(key.id(), key.scope(), key.community(), null, key.name(), key.level());
  }

  public Principal(String keyId, Scope scope, String community, String csrf) {
    this(keyId, scope, community, csrf, null, null);
  }

  public Principal withCsrf(String token) {
    return new Principal(keyId, scope, community, token, name, level);
  }

  /**
   * Whether this principal may call a route of scope {@code required} on {@code community} ({@code
   * null}: the route names none and stays within the key's own community). An admin may do
   * anything; a community key only what its scope covers, in its own community.
   */
  public boolean allows(Scope required, String routeCommunity) {
    if (scope == Scope.ADMIN) {
      return true;
    }
    if (!scope.covers(required)) {
      return false;
    }
    return routeCommunity == null || routeCommunity.equals(community);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", keyId)
        .put("scope", scope.wire())
        .put("community", community)
        .put("csrf", csrf)
        .put("name", name)
        .put("level", level);
  }

  /** The JSON form read back; {@code null} when it is not one. */
  public static Principal fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    Scope scope = Scope.parse(json.getString("scope")).orElse(null);
    String id = json.getString("id");
    if (scope == null || id == null) {
      return null;
    }
    return new Principal(
        id,
        scope,
        json.getString("community"),
        json.getString("csrf"),
        json.getString("name"),
        json.getString("level"));
  }
}
