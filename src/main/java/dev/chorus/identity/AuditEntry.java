package dev.chorus.identity;

import java.time.Instant;

/**
 * One change to who is who: {@code link} (an account joined {@code personId} from {@code
 * otherPersonId}), {@code merge} ({@code otherPersonId} was merged into {@code personId}), {@code
 * unlink} (an account left {@code personId} for the new {@code otherPersonId}), {@code lookalike}
 * (the display name of {@code personId}'s account on {@code platform} looks like the name of {@code
 * otherPersonId}: flagged for moderators, decision 081).
 *
 * @param actor who did it: {@code person:<id>} for a chat command, {@code admin} for the API
 */
public record AuditEntry(
    String id,
    String community,
    String action,
    String personId,
    String otherPersonId,
    String platform,
    String platformUserId,
    String actor,
    Instant at) {

  /** The action of a look-alike flag. */
  public static final String LOOKALIKE = "lookalike";
}
