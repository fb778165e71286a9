package dev.chorus.command;

import java.time.Instant;

/**
 * A command a community defined ({@code !discord} → "Join us at …").
 *
 * @param name without the prefix, lower case
 * @param response the reply template
 * @param permission who may run it: {@code everyone}, {@code subscriber}, {@code moderator}, {@code
 *     broadcaster}
 * @param cooldownSeconds per-command cooldown (kept in the state store at run time)
 */
public record CustomCommand(
    String community,
    String name,
    String response,
    String permission,
    int cooldownSeconds,
    boolean enabled,
    String updatedBy,
    Instant updatedAt) {}
