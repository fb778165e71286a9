package dev.chorus.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do, highest first: {@code admin} for the whole deployment; {@code owner},
 * {@code moderator} and {@code read} within one community. A key of a higher scope may do what a
 * lower one may (an owner may read), never across communities.
 */
public enum Scope {
  ADMIN,
  OWNER,
  MODERATOR,
  READ;

  /** The lower-case name used in the API, the OpenAPI document and the store. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a key of this scope may do what {@code required} allows. */
  public boolean covers(Scope required) {
    return ordinal() <= required.ordinal();
  }

  /** Whether keys of this scope belong to one community. */
  public boolean perCommunity() {
    return this != ADMIN;
  }

  /** The scope named {@code wire}, empty for anything else. */
  public static Optional<Scope> parse(String wire) {
    if (wire == null) {
      return Optional.empty();
    }
    for (Scope scope : values()) {
      if (scope.wire().equals(wire)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
