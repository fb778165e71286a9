package dev.chorus.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do. The admin API's scopes, highest first: {@code admin} for the whole
 * deployment; {@code owner}, {@code moderator} and {@code read} within one community. A key of a
 * higher one may do what a lower one may (an owner may read), never across communities.
 *
 * <p>Two scopes open no admin API operation at all: {@code chat} (a person's web-chat sign-in in
 * one community, {@code /ws/chat?token=}) and {@code overlay} (reading one community's overlay
 * feed, {@code /ws/overlay/{community}?token=}). They cover only themselves, and no other scope
 * covers them: an admin's or owner's key is not a chat sign-in.
 */
public enum Scope {
  ADMIN,
  OWNER,
  MODERATOR,
  READ,
  CHAT,
  OVERLAY;

  /** The lower-case name used in the API, the OpenAPI document and the store. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a key of this scope may do what {@code required} allows. */
  public boolean covers(Scope required) {
    if (!api() || !required.api()) {
      return this == required;
    }
    return ordinal() <= required.ordinal();
  }

  /** Whether keys of this scope may call admin API operations (all but chat and overlay). */
  public boolean api() {
    return this != CHAT && this != OVERLAY;
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
