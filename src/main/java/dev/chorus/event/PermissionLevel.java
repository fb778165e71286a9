package dev.chorus.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;

/** How much a community trusts an author, lowest first. Rules exempt levels at or above a bar. */
public enum PermissionLevel {
  VIEWER,
  FOLLOWER,
  SUBSCRIBER,
  VIP,
  MODERATOR,
  OWNER;

  public boolean atLeast(PermissionLevel other) {
    return compareTo(other) >= 0;
  }

  /**
   * The highest level the platform roles or badges name ({@code broadcaster} and {@code owner} are
   * the owner; {@code moderator}/{@code mod}; {@code vip}; {@code subscriber}/{@code founder};
   * {@code follower}); viewer when none does.
   */
  public static PermissionLevel fromRoles(Collection<String> roles) {
    PermissionLevel best = VIEWER;
    for (String role : roles) {
      PermissionLevel level =
          switch (role.toLowerCase(Locale.ROOT)) {
            case "broadcaster", "owner" -> OWNER;
            case "moderator", "mod" -> MODERATOR;
            case "vip" -> VIP;
            case "subscriber", "founder" -> SUBSCRIBER;
            case "follower" -> FOLLOWER;
            default -> VIEWER;
          };
      if (level.atLeast(best)) {
        best = level;
      }
    }
    return best;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static PermissionLevel parse(String text) {
    for (PermissionLevel level : values()) {
      if (level.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "level must be viewer, follower, subscriber, vip, moderator or owner; got " + text);
  }
}
