package dev.chorus.identity;

import dev.chorus.event.PermissionLevel;
import java.time.Instant;

/**
 * A person in a community, created the first time one of their platform accounts is seen. Keyed on
 * the platform user id (rename-safe), not the login; linking accounts merges people into one.
 *
 * @param id Chorus person id (time-ordered)
 * @param displayName the latest display name seen
 * @param nickname what the person asked to be called ({@code !nick}), or null
 * @param pronouns the pronouns the person set ({@code !pronouns}), or null
 * @param granted the level the community granted this person, or null (platform roles only)
 * @param firstSeen when the person was created
 */
public record Person(
    String id,
    String community,
    String displayName,
    String nickname,
    String pronouns,
    PermissionLevel granted,
    Instant firstSeen) {

  /** A person without nickname, pronouns or grant. */
  public Person(String id, String community, String displayName, Instant firstSeen) {
    this(id, community, displayName, null, null, null, firstSeen);
  }

  public Person withDisplayName(String name) {
    return new Person(id, community, name, nickname, pronouns, granted, firstSeen);
  }
}
