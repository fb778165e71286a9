package dev.chorus.access;

import io.vertx.core.Future;
import java.util.Optional;

/** The principal of a key's hash: the configured admin key, or an active stored key. */
final class KeyCheck {

  private final ApiKeys keys;
  private final String bootstrapHash;

  /**
   * @param bootstrapKey the configured admin key ({@code CHORUS_ADMIN_KEY}), or {@code null}
   */
  KeyCheck(ApiKeys keys, String bootstrapKey) {
    this.keys = keys;
    this.bootstrapHash = bootstrapKey == null ? null : ApiKeys.hash(bootstrapKey);
  }

  Future<Optional<Principal>> byHash(String hash) {
    if (ApiKeys.same(bootstrapHash, hash)) {
      return Future.succeededFuture(
          Optional.of(new Principal(Principal.BOOTSTRAP, Scope.ADMIN, null, null)));
    }
    return keys.byHash(hash).map(k -> k.filter(ApiKey::active).map(Principal::of));
  }
}
