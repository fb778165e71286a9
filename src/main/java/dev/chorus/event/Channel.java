package dev.chorus.event;

/** Where an event came from on its platform: the channel or room id and its display name. */
public record Channel(String id, String name) {

  public Channel {
    Checks.notBlank(id, "channel.id");
    name = name == null || name.isBlank() ? id : name;
  }
}
