package dev.chorus.command;

import java.time.Instant;

/**
 * A command a community defined ({@code !discord} → "Join us at …").
 *
 * @param name without the prefix, lower case
 * @param response the reply template (see {@code command.template.Template})
 * @param policy permission, cooldowns, limit, platforms, response mode, shadow
 */
public record CustomCommand(
    String community,
    String name,
    String response,
    CommandPolicy policy,
    boolean enabled,
    String description,
    String updatedBy,
    Instant updatedAt) {

  /** Longest response template accepted. */
  public static final int MAX_RESPONSE = 2000;

  public CustomCommand {
    policy = policy == null ? CommandPolicy.OPEN : policy;
    description = description == null ? "" : description;
  }

  public CustomCommand withResponse(String text, String by, Instant at) {
    return new CustomCommand(community, name, text, policy, enabled, description, by, at);
  }

  public CustomCommand withPolicy(CommandPolicy p, String by, Instant at) {
    return new CustomCommand(community, name, response, p, enabled, description, by, at);
  }
}
