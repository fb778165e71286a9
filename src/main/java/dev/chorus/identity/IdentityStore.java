package dev.chorus.identity;

import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * People and their platform accounts, per community: first sight, renames (kept as history), the
 * person's nickname, pronouns and granted level, linking (an atomic merge of two people),
 * unlinking, the audit trail of both, and web-chat sign-in tokens.
 *
 * <p>Adapters: {@code identity.sql.SqlIdentityStore} on H2 and on PostgreSQL; both pass {@code
 * IdentityStoreContract}. {@link CachingIdentityStore} sits in front in every process.
 */
public interface IdentityStore {

  /**
   * The person behind a platform account, created on first sight. The account's login and display
   * name are updated when they changed (renames keep the same person, the old names stay in {@link
   * #names}). Safe under concurrent calls for the same account: exactly one person is created.
   */
  Future<Person> resolve(
      String community, String platform, String platformUserId, String login, String displayName);

  /** What {@link #resolveAndCompare} found: the person now, and before the call (if any). */
  record Resolution(Person person, Optional<Person> before) {}

  /**
   * {@link #resolve}, also telling what the account's person was before the call, so that a cache
   * can tell a change from a first read. Adapters answer an unchanged account with one query.
   */
  default Future<Resolution> resolveAndCompare(
      String community, String platform, String platformUserId, String login, String displayName) {
    return find(community, platform, platformUserId)
        .compose(
            before ->
                resolve(community, platform, platformUserId, login, displayName)
                    .map(person -> new Resolution(person, before)));
  }

  /** The person behind a platform account, if one exists (no creation). */
  Future<Optional<Person>> find(String community, String platform, String platformUserId);

  /**
   * A person by id. A person merged into another is returned as the one it was merged into, so ids
   * that other stores kept stay addressable.
   */
  Future<Optional<Person>> person(String community, String personId);

  /** The accounts of a person, by platform. */
  Future<List<Account>> accounts(String community, String personId);

  /** The logins and display names an account had, oldest first. */
  Future<List<NameChange>> names(String community, String platform, String platformUserId);

  /** Link, unlink and merge entries naming the person, oldest first. */
  Future<List<AuditEntry>> audit(String community, String personId);

  /** Sets (or with null clears) the nickname; fails with {@link UnknownPersonException}. */
  Future<Person> setNickname(String community, String personId, String nickname);

  /** Sets (or with null clears) the pronouns; fails with {@link UnknownPersonException}. */
  Future<Person> setPronouns(String community, String personId, String pronouns);

  /** Grants a level in the community (null: none); fails with {@link UnknownPersonException}. */
  Future<Person> grant(String community, String personId, PermissionLevel level);

  /**
   * Moves every account of {@code from} to {@code into} in one transaction, records where {@code
   * from} went and an audit entry: afterwards either all accounts are on {@code into} or, if
   * anything failed, none moved. Merging a person into itself fails with {@link
   * IllegalArgumentException}.
   *
   * @param actor who asked ({@code person:<id>} or {@code admin})
   */
  Future<MergeResult> merge(String community, String into, String from, String actor);

  /**
   * Moves one account off its person to a new person of its own (with the account's display name),
   * with an audit entry. Fails with {@link IllegalStateException} when it is the person's only
   * account, and {@link UnknownPersonException} when the account does not exist.
   */
  Future<Person> unlink(String community, String platform, String platformUserId, String actor);

  /**
   * True when an active web-chat sign-in (a {@code chat} key of the access model) speaks under this
   * name (case-insensitive).
   */
  Future<Boolean> nameReserved(String community, String userName);
}
