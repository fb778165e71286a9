package dev.chorus.identity;

import java.util.Optional;

/**
 * Where a platform user's pronouns come from when they set none with {@code !pronouns}. Answers
 * from memory only: the identity stage never waits for it.
 */
@FunctionalInterface
public interface PronounSource {

  /** None: no pronouns from outside. */
  PronounSource NONE = login -> Optional.empty();

  /** The pronouns known for this login right now (a miss may start a background fetch). */
  Optional<String> cached(String login);
}
