package dev.chorus.community;

import java.time.Instant;

/** A community: the tenant every store and cache is scoped by. */
public record Community(String id, String name, Instant createdAt) {}
