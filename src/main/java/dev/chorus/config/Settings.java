package dev.chorus.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw configuration values with where each came from, layered: defaults ({@link ConfigKeys}), then
 * the YAML profile, then environment variables, then command-line flags. Typed access validates and
 * names the key and its source in every error.
 */
public final class Settings {

  private record Value(String raw, String source) {}

  private final Map<String, Value> values = new LinkedHashMap<>();
  private final ConfigKeys keys;

  private Settings(ConfigKeys keys) {
    this.keys = keys;
    for (ConfigKey key : keys.all()) {
      values.put(key.path(), new Value(key.defaultValue(), "default"));
    }
  }

  /**
   * Loads settings. {@code --config FILE} picks the profile (default {@code conf/chorus.yaml} when
   * it exists, else the built-in defaults); flags are {@code --key value} or {@code --key=value}
   * named after the keys ({@code --http-port 9090}), plus {@code --cluster} and {@code --set
   * path=value}.
   */
  public static Settings load(String[] args, Map<String, String> env, ConfigKeys keys) {
    Settings settings = new Settings(keys);
    List<Map.Entry<String, String>> flags = parseFlags(args);
    String file = env.get("CHORUS_CONFIG");
    for (Map.Entry<String, String> flag : flags) {
      if (flag.getKey().equals("--config")) {
        file = flag.getValue();
      }
    }
    if (file != null) {
      settings.applyFile(Path.of(file), true);
    } else if (Files.exists(Path.of("conf/chorus.yaml"))) {
      settings.applyFile(Path.of("conf/chorus.yaml"), false);
    }
    for (ConfigKey key : keys.all()) {
      String value = env.get(key.env());
      if (value != null) {
        settings.values.put(key.path(), new Value(value, key.env()));
      }
    }
    for (Map.Entry<String, String> flag : flags) {
      settings.applyFlag(flag.getKey(), flag.getValue());
    }
    return settings;
  }

  /** Settings from defaults plus {@code overrides} (tests). */
  public static Settings of(ConfigKeys keys, Map<String, String> overrides) {
    Settings settings = new Settings(keys);
    overrides.forEach(
        (path, value) -> {
          if (keys.get(path) == null) {
            throw new ConfigException("unknown configuration key '" + path + "'");
          }
          settings.values.put(path, new Value(value, "override"));
        });
    return settings;
  }

  /** Flags in order; a flag may repeat ({@code --set a=1 --set b=2}). */
  private static List<Map.Entry<String, String>> parseFlags(String[] args) {
    List<Map.Entry<String, String>> flags = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new ConfigException(
            "unexpected argument '" + arg + "' (flags look like --http-port 9090)");
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        flags.add(Map.entry(arg.substring(0, eq), arg.substring(eq + 1)));
      } else if (arg.equals("--cluster")) {
        flags.add(Map.entry(arg, "true"));
      } else if (i + 1 < args.length) {
        flags.add(Map.entry(arg, args[++i]));
      } else {
        throw new ConfigException("flag " + arg + " needs a value");
      }
    }
    return flags;
  }

  private void applyFlag(String flag, String value) {
    switch (flag) {
      case "--config" -> {
        return;
      }
      case "--cluster" -> {
        values.put("cluster.enabled", new Value(value, flag));
        return;
      }
      case "--set" -> {
        int eq = value.indexOf('=');
        String path = eq > 0 ? value.substring(0, eq) : value;
        ConfigKey key = keys.get(path);
        if (key == null || eq < 0) {
          throw new ConfigException(
              "--set needs path=value with a known key, got '" + (eq < 0 ? value : path) + "=…'");
        }
        if (key.secret()) {
          // Decision 005: a secret on the command line shows in ps and shell history.
          throw new ConfigException(
              key.path() + " is a secret: set it with " + key.env() + ", not with --set");
        }
        values.put(path, new Value(value.substring(eq + 1), "--set " + path));
        return;
      }
      default -> {
        for (ConfigKey key : keys.all()) {
          if (key.flag().equals(flag)) {
            if (key.secret()) {
              throw new ConfigException(
                  key.path() + " is a secret: set it with " + key.env() + ", not a flag");
            }
            values.put(key.path(), new Value(value, flag));
            return;
          }
        }
        throw new ConfigException("unknown flag " + flag);
      }
    }
  }

  private void applyFile(Path file, boolean required) {
    if (!Files.exists(file)) {
      if (required) {
        throw new ConfigException("configuration file " + file + " does not exist");
      }
      return;
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          "configuration file " + file + " is not valid YAML: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigException("configuration file " + file + " must be a YAML mapping");
    }
    flatten("", root, file.toString());
  }

  private void flatten(String prefix, JsonNode node, String source) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(path, value, source);
        continue;
      }
      ConfigKey key = keys.get(path);
      if (key == null) {
        throw new ConfigException("unknown configuration key '" + path + "' in " + source);
      }
      if (key.secret() && !value.asText("").isEmpty()) {
        throw new ConfigException(
            path + " is a secret: set it with " + key.env() + ", not in " + source);
      }
      String raw;
      if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        raw = String.join(",", items);
      } else {
        raw = value.isNull() ? "" : value.asText();
      }
      values.put(path, new Value(raw, source));
    }
  }

  private Value value(String path) {
    Value value = values.get(path);
    if (value == null) {
      throw new IllegalArgumentException("no configuration key " + path);
    }
    return value;
  }

  private ConfigException invalid(String path, String expectation) {
    Value v = value(path);
    ConfigKey key = keys.get(path);
    String shown = key != null && key.secret() ? "<secret>" : "'" + v.raw() + "'";
    return new ConfigException(
        "invalid configuration: "
            + path
            + " = "
            + shown
            + " (from "
            + v.source()
            + "): "
            + expectation);
  }

  public String string(String path) {
    return value(path).raw().trim();
  }

  public String nonBlank(String path) {
    String s = string(path);
    if (s.isEmpty()) {
      throw invalid(path, "must not be empty");
    }
    return s;
  }

  public int integer(String path, int min, int max) {
    try {
      int i = Integer.parseInt(string(path));
      if (i < min || i > max) {
        throw invalid(path, "must be between " + min + " and " + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw invalid(path, "must be an integer between " + min + " and " + max);
    }
  }

  public boolean bool(String path) {
    String s = string(path).toLowerCase(java.util.Locale.ROOT);
    return switch (s) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0", "" -> false;
      default -> throw invalid(path, "must be true or false");
    };
  }

  public List<String> list(String path) {
    String s = string(path);
    if (s.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  public String oneOf(String path, String... allowed) {
    String s = string(path).toLowerCase(java.util.Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(s)) {
        return s;
      }
    }
    throw invalid(path, "must be one of " + String.join(", ", allowed));
  }

  /** Fails with the key's name when {@code valid} is false. */
  public void require(boolean valid, String path, String expectation) {
    if (!valid) {
      throw invalid(path, expectation);
    }
  }

  /** The keys these settings accept. */
  public ConfigKeys keys() {
    return keys;
  }

  /** Where a key's value came from (default, a file, an environment variable, a flag). */
  public String source(String path) {
    return value(path).source();
  }
}
