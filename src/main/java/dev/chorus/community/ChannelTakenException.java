package dev.chorus.community;

/** A platform channel is already joined to another community. */
public final class ChannelTakenException extends IllegalStateException {

  public ChannelTakenException(String platform, String channelId, String owner) {
    super(platform + " channel " + channelId + " already belongs to community " + owner);
  }
}
