package dev.chorus.event;

/**
 * Argument checks for the contract records; failures are {@link IllegalArgumentException}s naming
 * the field.
 */
final class Checks {

  private Checks() {}

  static void notBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }
}
