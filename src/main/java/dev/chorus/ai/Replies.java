package dev.chorus.ai;

import dev.chorus.event.Envelope;
import dev.chorus.event.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * The AI's reply takes the place of the replies already on the envelope (the knowledge stage's
 * fallback answer), so chat gets one answer; moderation's warnings stay. The new reply takes the
 * position — and so the deterministic id — of the first reply it replaces: an event resumed after a
 * failure answers with the same reply id whether the model answered the first time or not, and
 * egress says it once.
 */
final class Replies {

  static final String KEEP_STAGE = "moderation";

  private Replies() {}

  static Envelope replace(Envelope e, String stage, String text) {
    List<Reply> kept = new ArrayList<>();
    int position = -1;
    for (int i = 0; i < e.replies().size(); i++) {
      Reply r = e.replies().get(i);
      if (KEEP_STAGE.equals(r.stage())) {
        kept.add(r);
      } else if (position < 0) {
        position = i;
      }
    }
    Reply mine = Reply.to(e, position < 0 ? e.replies().size() : position, stage, text);
    kept.add(mine);
    return e.withReplies(kept);
  }
}
