package dev.chorus.command;

import java.time.Instant;

/** A numbered quote of a community. */
public record Quote(
    String community, long number, String text, String addedBy, Instant createdAt) {}
