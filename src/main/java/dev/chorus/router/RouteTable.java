package dev.chorus.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chorus.event.RoutingSlip;
import dev.chorus.event.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routing slips per event type, read from {@code conf/routes.yaml}:
 *
 * <pre>
 * defaults: { timeoutMs: 2000, retries: 0 }
 * routes:
 *   chat.message:
 *     - identity                       # shorthand: required, defaults
 *     - { stage: knowledge, optional: true, timeoutMs: 500 }
 *     - { stage: egress, always: true }
 *   "*": [ identity ]                  # any type without its own route
 * </pre>
 */
public final class RouteTable {

  /** The key of the route used for event types without their own. */
  public static final String FALLBACK = "*";

  private final Map<String, RoutingSlip> routes;

  public RouteTable(Map<String, RoutingSlip> routes) {
    this.routes = Map.copyOf(routes);
  }

  /** The slip for {@code type}: its own route, else the fallback route, else empty. */
  public Optional<RoutingSlip> slipFor(String type) {
    RoutingSlip slip = routes.get(type);
    if (slip == null) {
      slip = routes.get(FALLBACK);
    }
    return Optional.ofNullable(slip);
  }

  public Map<String, RoutingSlip> routes() {
    return routes;
  }

  /**
   * Loads the routes file. When it does not exist and a copy with the same relative path is bundled
   * in the jar ({@code conf/routes.yaml} is), the bundled copy is used, so the default
   * configuration also works when the process is started outside the project directory.
   */
  public static RouteTable load(Path file) {
    try {
      if (!Files.exists(file) && !file.isAbsolute()) {
        try (var bundled =
            RouteTable.class
                .getClassLoader()
                .getResourceAsStream(file.toString().replace('\\', '/'))) {
          if (bundled != null) {
            return parse(
                new String(bundled.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                "bundled " + file);
          }
        }
      }
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read routes file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a routes document; errors name the route and the step. */
  public static RouteTable parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.path("routes").isObject()) {
      throw new IllegalArgumentException(source + ": a top-level 'routes' mapping is required");
    }
    long defaultTimeout = root.path("defaults").path("timeoutMs").asLong(2000);
    int defaultRetries = root.path("defaults").path("retries").asInt(0);
    Map<String, RoutingSlip> routes = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("routes").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> route = it.next();
      if (!route.getValue().isArray()) {
        throw new IllegalArgumentException(
            source + ": route '" + route.getKey() + "' must be a list of steps");
      }
      List<Step> steps = new ArrayList<>();
      for (JsonNode node : route.getValue()) {
        try {
          steps.add(step(node, defaultTimeout, defaultRetries));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              source
                  + ": route '"
                  + route.getKey()
                  + "' step "
                  + (steps.size() + 1)
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      routes.put(route.getKey(), new RoutingSlip(steps));
    }
    return new RouteTable(routes);
  }

  private static Step step(JsonNode node, long defaultTimeout, int defaultRetries) {
    if (node.isTextual()) {
      return new Step(stageName(node.asText()), false, defaultTimeout, defaultRetries, false);
    }
    if (!node.isObject() || !node.path("stage").isTextual()) {
      throw new IllegalArgumentException("must be a stage name or a mapping with 'stage'");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!List.of("stage", "optional", "timeoutMs", "retries", "always").contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'");
      }
    }
    return new Step(
        stageName(node.path("stage").asText()),
        node.path("optional").asBoolean(false),
        node.path("timeoutMs").asLong(defaultTimeout),
        node.path("retries").asInt(defaultRetries),
        node.path("always").asBoolean(false));
  }

  private static String stageName(String name) {
    if (!name.matches("[a-z][a-z0-9_-]{0,31}")) {
      throw new IllegalArgumentException(
          "stage name '" + name + "' must be lower-case letters, digits, - or _");
    }
    return name;
  }
}
