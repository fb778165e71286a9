package dev.chorus.command;

import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.PermissionLevel;

/**
 * Who runs a command, where. The person id is the identity stage's (one id across platforms, so a
 * per-person cooldown follows the person); without it the platform user stands in, at the viewer
 * level — platform roles alone never grant a level here.
 */
public record Caller(
    String personId,
    String name,
    String pronouns,
    PermissionLevel level,
    String platform,
    String channelId,
    String channelName) {

  public static Caller of(Envelope event) {
    ContextKeys.Speaker speaker = event.get(ContextKeys.PERSON).orElse(null);
    String authorId = event.author() == null ? "anonymous" : event.author().id();
    String authorName = event.author() == null ? authorId : event.author().displayName();
    return speaker == null
        ? new Caller(
            event.platform() + ":" + authorId,
            authorName,
            null,
            PermissionLevel.VIEWER,
            event.platform(),
            event.channel().id(),
            event.channel().name())
        : new Caller(
            speaker.personId(),
            speaker.addressedAs(),
            speaker.pronouns(),
            speaker.level(),
            event.platform(),
            event.channel().id(),
            event.channel().name());
  }
}
