package dev.chorus.identity;

import java.time.Instant;

/** A login and display name an account had from {@code seenAt} on (history, never a key). */
public record NameChange(String login, String displayName, Instant seenAt) {}
