package dev.chorus.event;

import java.util.List;

/**
 * Who sent an event, as the platform knows them: the stable platform user id (never the login,
 * which can be renamed), the login, the display name, and the platform roles or badges ({@code
 * broadcaster}, {@code moderator}, {@code vip}, {@code subscriber} …).
 */
public record Author(String id, String login, String displayName, List<String> roles) {

  public Author {
    Checks.notBlank(id, "author.id");
    login = login == null || login.isBlank() ? id : login;
    displayName = displayName == null || displayName.isBlank() ? login : displayName;
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
