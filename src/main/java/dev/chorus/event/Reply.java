package dev.chorus.event;

/**
 * Something a reaction stage wants said, and where: the platform and channel to say it in, the
 * event it answers, and the stage that produced it. Replies get their own time-ordered id so the
 * interaction log can store them idempotently like events.
 */
public record Reply(
    String id, String inReplyTo, String platform, String channel, String text, String stage) {

  public Reply {
    Checks.notBlank(id, "reply.id");
    Checks.notBlank(platform, "reply.platform");
    Checks.notBlank(channel, "reply.channel");
    Checks.notBlank(text, "reply.text");
  }

  /** A reply to {@code event} in the channel it came from. */
  public static Reply to(Envelope event, String stage, String text) {
    return new Reply(Ids.next(), event.id(), event.platform(), event.channel().id(), text, stage);
  }
}
