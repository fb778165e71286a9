package dev.chorus.identity;

import java.time.Instant;

/**
 * A person in a community, created the first time one of their platform accounts is seen. Keyed on
 * the platform user id (rename-safe), not the login.
 *
 * @param id Chorus person id (time-ordered)
 * @param displayName the latest display name seen
 * @param firstSeen when the person was created
 */
public record Person(String id, String community, String displayName, Instant firstSeen) {}
