package dev.chorus.moderation;

import dev.chorus.event.PermissionLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One chat message as the rules see it, plus the facts about its author that live elsewhere (the
 * stage looks them up; the engine keeps no state).
 *
 * @param userId the author's stable platform id
 * @param text the message text
 * @param level the author's permission level in this community
 * @param emotes the emote names this message uses (e.g. from Twitch's {@code emotes} tag or the
 *     community's emote set); each occurrence of one of these words in the text counts as an emote
 * @param at when the message was sent (the clock every window is measured on)
 * @param permittedUntil end of a {@code !permit} grant for this author, or null; a link sent at or
 *     before this instant is allowed once (the decision says when the grant was used, so the stage
 *     can consume it)
 * @param firstMessage true when this is the first message the community has seen from the author
 * @param accountAge age of the author's platform account, or null when unknown
 */
public record ModerationInput(
    String userId,
    String text,
    PermissionLevel level,
    List<String> emotes,
    Instant at,
    Instant permittedUntil,
    boolean firstMessage,
    Duration accountAge) {

  public ModerationInput {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("userId is required");
    }
    if (at == null) {
      throw new IllegalArgumentException("at is required");
    }
    text = text == null ? "" : text;
    level = level == null ? PermissionLevel.VIEWER : level;
    emotes = emotes == null ? List.of() : List.copyOf(emotes);
  }

  /**
   * A message from a viewer with no emotes, no permit, not a first message, account age unknown.
   */
  public static ModerationInput of(String userId, String text, Instant at) {
    return new ModerationInput(userId, text, PermissionLevel.VIEWER, null, at, null, false, null);
  }

  public ModerationInput withLevel(PermissionLevel newLevel) {
    return new ModerationInput(
        userId, text, newLevel, emotes, at, permittedUntil, firstMessage, accountAge);
  }

  public ModerationInput withEmotes(List<String> newEmotes) {
    return new ModerationInput(
        userId, text, level, newEmotes, at, permittedUntil, firstMessage, accountAge);
  }

  public ModerationInput withPermitUntil(Instant until) {
    return new ModerationInput(userId, text, level, emotes, at, until, firstMessage, accountAge);
  }

  public ModerationInput withNewcomer(boolean first, Duration age) {
    return new ModerationInput(userId, text, level, emotes, at, permittedUntil, first, age);
  }

  /** True when a {@code !permit} grant covers this message's time. */
  public boolean permitted() {
    return permittedUntil != null && !at.isAfter(permittedUntil);
  }
}
