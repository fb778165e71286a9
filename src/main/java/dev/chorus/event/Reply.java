package dev.chorus.event;

/**
 * Something a reaction stage wants said, and where: the platform and channel to say it in, the
 * event it answers, and the stage that produced it. A reply's id derives from the event's id and
 * the reply's position, so an event processed twice (resumed after a failure) produces the same
 * reply ids, and the log — which stores replies idempotently — lets egress deliver each once.
 */
public record Reply(
    String id, String inReplyTo, String platform, String channel, String text, String stage) {

  public Reply {
    Checks.notBlank(id, "reply.id");
    Checks.notBlank(platform, "reply.platform");
    Checks.notBlank(channel, "reply.channel");
    Checks.notBlank(text, "reply.text");
  }

  /** A reply to {@code event} in the channel it came from, the event's {@code index}-th reply. */
  public static Reply to(Envelope event, int index, String stage, String text) {
    String id =
        Ids.forPlatformMessage(
            "reply", event.community(), event.id() + "#" + index, event.receivedAt());
    return new Reply(id, event.id(), event.platform(), event.channel().id(), text, stage);
  }
}
