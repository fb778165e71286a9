package dev.chorus.identity;

import dev.chorus.event.PermissionLevel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a community configured for the identity stage: pronoun sets beyond {@link Pronouns#KNOWN}
 * ({@code identity.pronouns}, a JSON array) and how Discord roles and Slack workspace flags map to
 * levels ({@code identity.roles.discord}, {@code identity.roles.slack}, JSON objects from role id
 * or flag to level). Read from the community's settings; entries that do not parse (a setting
 * written by hand through the generic settings API) are skipped.
 */
record CommunityIdentity(
    List<String> customPronouns, Map<String, Map<String, PermissionLevel>> roles) {

  static final String PRONOUNS = "identity.pronouns";
  static final String ROLES_PREFIX = "identity.roles.";
  static final CommunityIdentity NONE = new CommunityIdentity(List.of(), Map.of());

  static CommunityIdentity of(Map<String, String> settings) {
    List<String> pronouns = List.of();
    String p = settings.get(PRONOUNS);
    if (p != null) {
      pronouns = Pronouns.customList(p);
    }
    Map<String, Map<String, PermissionLevel>> roles = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (e.getKey().startsWith(ROLES_PREFIX)) {
        roles.put(e.getKey().substring(ROLES_PREFIX.length()), roleMap(e.getValue()));
      }
    }
    return new CommunityIdentity(pronouns, Map.copyOf(roles));
  }

  /** The role map stored as JSON text; invalid entries skipped. */
  static Map<String, PermissionLevel> roleMap(String json) {
    Map<String, PermissionLevel> out = new LinkedHashMap<>();
    try {
      JsonObject o = new JsonObject(json);
      for (Map.Entry<String, Object> e : o) {
        if (e.getValue() instanceof String level) {
          try {
            out.put(e.getKey(), PermissionLevel.parse(level));
          } catch (IllegalArgumentException ignored) {
            // skipped: not a level
          }
        }
      }
    } catch (RuntimeException ignored) {
      // not JSON: no mapping
    }
    return Map.copyOf(out);
  }

  static String roleMapJson(Map<String, PermissionLevel> map) {
    JsonObject o = new JsonObject();
    map.forEach((k, v) -> o.put(k, v.wire()));
    return o.encode();
  }

  static String pronounsJson(Collection<String> sets) {
    return new JsonArray(List.copyOf(sets)).encode();
  }

  /** The highest level the platform's roles or flags map to, null when none does. */
  PermissionLevel mapped(String platform, Collection<String> platformRoles) {
    Map<String, PermissionLevel> map = roles.get(platform);
    if (map == null || map.isEmpty() || platformRoles.isEmpty()) {
      return null;
    }
    PermissionLevel best = null;
    for (String r : platformRoles) {
      PermissionLevel l = map.get(r);
      if (l != null && (best == null || l.atLeast(best))) {
        best = l;
      }
    }
    return best;
  }

  /** Every pronoun set {@code !pronouns} accepts here: the built-in ones, then the community's. */
  List<String> offered() {
    Set<String> all = new LinkedHashSet<>(Pronouns.KNOWN);
    all.addAll(customPronouns);
    return List.copyOf(all);
  }

  /** True when {@code pronouns} is offered here (a removed custom set is no longer shown). */
  boolean offers(String pronouns) {
    return Pronouns.KNOWN.contains(pronouns) || customPronouns.contains(pronouns);
  }
}
