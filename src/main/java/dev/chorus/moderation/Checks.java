package dev.chorus.moderation;

import dev.chorus.event.PermissionLevel;
import dev.chorus.moderation.history.ChannelHistory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A text judged on its own by a community's rules, without acting: no history, no permit, nothing
 * recorded. What the check endpoint and the check address answer.
 */
final class Checks {

  private Checks() {}

  static Future<JsonObject> check(
      ModerationEngine engine,
      SpamScorer scorer,
      String userId,
      String text,
      PermissionLevel level) {
    ModerationInput input =
        new ModerationInput(userId, text, level, null, Instant.now(), null, false, null);
    if (engine.exempt(input)) {
      return Future.succeededFuture(Verdicts.json(ModerationDecision.ALLOW, true));
    }
    if (scorer == null || !engine.wantsDetector(input) || text.isBlank()) {
      return Future.succeededFuture(
          Verdicts.json(engine.evaluate(input, ChannelHistory.EMPTY), false));
    }
    return scorer
        .score(text)
        .map(score -> Verdicts.json(engine.evaluate(input, ChannelHistory.EMPTY, score), false))
        // the rules still judge when the detector fails
        .recover(
            err ->
                Future.succeededFuture(
                    Verdicts.json(engine.evaluate(input, ChannelHistory.EMPTY), false)));
  }
}
