package dev.chorus.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flags of the benchmark mains: {@code --name value} or {@code --name=value}. Blank arguments are
 * ignored (Maven passes an empty {@code bench.args} as one blank argument), and one argument
 * holding spaces is split, so {@code -Dbench.args="--rates 1000 --duration 10s"} works.
 */
public final class Args {

  private final Map<String, String> values = new HashMap<>();

  public Args(String[] args) {
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      for (String word : arg.trim().split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (!word.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + word + "' (flags look like --duration 10s)");
      }
      int eq = word.indexOf('=');
      if (eq > 0) {
        values.put(word.substring(2, eq), word.substring(eq + 1));
      } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
        values.put(word.substring(2), words.get(++i));
      } else {
        values.put(word.substring(2), "true");
      }
    }
  }

  public String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  public int integer(String name, int defaultValue) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
  }

  public boolean bool(String name, boolean defaultValue) {
    return values.containsKey(name) ? Boolean.parseBoolean(values.get(name)) : defaultValue;
  }

  /** A duration such as {@code 500ms}, {@code 10s} or {@code 2m}. */
  public Duration duration(String name, Duration defaultValue) {
    String v = values.get(name);
    return v == null ? defaultValue : parseDuration(v);
  }

  public List<String> list(String name, String defaultValue) {
    List<String> out = new ArrayList<>();
    for (String s : string(name, defaultValue).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  static Duration parseDuration(String v) {
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    if (v.endsWith("s")) {
      return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(v));
  }
}
