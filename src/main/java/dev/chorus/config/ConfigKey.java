package dev.chorus.config;

import java.util.Locale;

/**
 * One configuration key: its dotted path in the YAML profile, its default, and what it means. The
 * environment variable is derived from the path ({@code http.port} → {@code CHORUS_HTTP_PORT},
 * {@code log.batchSize} → {@code CHORUS_LOG_BATCH_SIZE}).
 *
 * @param secret a secret is never printed and may only come from the environment
 */
public record ConfigKey(String path, String defaultValue, String description, boolean secret) {

  /** The environment variable that overrides this key. */
  public String env() {
    StringBuilder out = new StringBuilder("CHORUS_");
    for (char c : path.toCharArray()) {
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  /** The command-line flag that overrides this key ({@code http.port} → {@code --http-port}). */
  public String flag() {
    return "--" + env().substring("CHORUS_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A key that may come from a profile, the environment or a flag. */
  public static ConfigKey of(String path, String defaultValue, String description) {
    return new ConfigKey(path, defaultValue, description, false);
  }

  /** A secret: only from the environment, never printed. */
  public static ConfigKey secret(String path, String defaultValue, String description) {
    return new ConfigKey(path, defaultValue, description, true);
  }
}
