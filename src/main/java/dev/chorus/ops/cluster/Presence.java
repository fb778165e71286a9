package dev.chorus.ops.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One process's entry in the cluster presence map: its roles and how many instances of each it
 * runs, and the admin routes its HTTP port serves, as a small JSON text ({@code
 * {"roles":{"router":1,"command":4},"api":["GET /api/v1/communities/:community/commands",…]}}) so
 * any member can read it whatever its version. An entry that cannot be read counts as no roles and
 * no routes.
 */
final class Presence {

  private Presence() {}

  static String encode(Map<String, Integer> roles) {
    return encode(roles, List.of());
  }

  static String encode(Map<String, Integer> roles, List<String> api) {
    JsonObject counts = new JsonObject();
    roles.forEach(counts::put);
    JsonObject entry = new JsonObject().put("roles", counts);
    if (!api.isEmpty()) {
      entry.put("api", new JsonArray(List.copyOf(api)));
    }
    return entry.encode();
  }

  /** The admin routes of an entry ({@code "METHOD /path/:param"}); none when unreadable. */
  static List<String> api(String value) {
    List<String> routes = new ArrayList<>();
    try {
      JsonArray list = new JsonObject(value).getJsonArray("api", new JsonArray());
      for (Object route : list) {
        if (route instanceof String text) {
          routes.add(text);
        }
      }
    } catch (RuntimeException e) {
      return List.of();
    }
    return routes;
  }

  static Map<String, Integer> decode(String value) {
    Map<String, Integer> roles = new HashMap<>();
    try {
      JsonObject counts = new JsonObject(value).getJsonObject("roles", new JsonObject());
      for (String role : counts.fieldNames()) {
        Object n = counts.getValue(role);
        if (n instanceof Number number && number.intValue() > 0) {
          roles.put(role, number.intValue());
        }
      }
    } catch (RuntimeException e) {
      return Map.of();
    }
    return roles;
  }

  /**
   * Per role, the instances and the processes (nodes) that run it, summed over the live entries.
   */
  record Roles(Map<String, Integer> instances, Map<String, Integer> nodes) {

    static Roles of(Map<String, Map<String, Integer>> byNode) {
      Map<String, Integer> instances = new HashMap<>();
      Map<String, Integer> nodes = new HashMap<>();
      byNode
          .values()
          .forEach(
              roles ->
                  roles.forEach(
                      (role, n) -> {
                        instances.merge(role, n, Integer::sum);
                        nodes.merge(role, 1, Integer::sum);
                      }));
      return new Roles(Map.copyOf(instances), Map.copyOf(nodes));
    }
  }
}
