package dev.chorus.identity;

import java.time.Instant;

/** One platform account of a person, as last seen. */
public record Account(
    String community,
    String platform,
    String platformUserId,
    String personId,
    String login,
    String displayName,
    Instant updatedAt) {}
