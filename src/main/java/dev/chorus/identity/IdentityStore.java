package dev.chorus.identity;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * People and their platform accounts, per community.
 *
 * <p>Adapters: {@code identity.sql.SqlIdentityStore} on H2 and on PostgreSQL; both pass {@code
 * IdentityStoreContract}.
 */
public interface IdentityStore {

  /**
   * The person behind a platform account, created on first sight. The account's login and display
   * name are updated when they changed (renames keep the same person). Safe under concurrent calls
   * for the same account: exactly one person is created.
   */
  Future<Person> resolve(
      String community, String platform, String platformUserId, String login, String displayName);

  /** The person behind a platform account, if one exists (no creation). */
  Future<Optional<Person>> find(String community, String platform, String platformUserId);
}
