package dev.chorus.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys one process accepts: the core keys plus each registered module's own section. A key
 * missing here is refused when a profile, variable or flag sets it, so typos fail start-up. Two
 * owners declaring the same key is a programming error and fails at once.
 */
public final class ConfigKeys {

  private final Map<String, ConfigKey> byPath;

  private ConfigKeys(Map<String, ConfigKey> byPath) {
    this.byPath = Collections.unmodifiableMap(byPath);
  }

  /** A registry of {@code groups}, in order; the same path twice fails. */
  @SafeVarargs
  public static ConfigKeys of(List<ConfigKey>... groups) {
    Map<String, ConfigKey> byPath = new LinkedHashMap<>();
    for (List<ConfigKey> group : groups) {
      for (ConfigKey key : group) {
        if (byPath.putIfAbsent(key.path(), key) != null) {
          throw new IllegalStateException("configuration key " + key.path() + " declared twice");
        }
      }
    }
    return new ConfigKeys(byPath);
  }

  /** This registry plus {@code more} (e.g. a test module's keys). */
  public ConfigKeys plus(List<ConfigKey> more) {
    return of(new ArrayList<>(byPath.values()), more);
  }

  /** Every key, in declaration order. */
  public List<ConfigKey> all() {
    return List.copyOf(byPath.values());
  }

  /** The key at {@code path}, or {@code null}. */
  public ConfigKey get(String path) {
    return byPath.get(path);
  }
}
