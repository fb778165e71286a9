package dev.chorus.config;

/**
 * A configuration value is missing, unknown or invalid; the message names the key and where the
 * value came from.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
