package dev.chorus.state;

/**
 * The key layout shared by the state adapters: {@code <prefix>:{<community>}:<kind>:<key>}. The
 * community is a Redis Cluster hash tag, so all keys of one community live in one slot.
 */
public final class StateKeys {

  public static final String COOLDOWN = "cd";
  public static final String RATE = "rl";
  public static final String COUNTER = "ctr";
  public static final String VALUE = "kv";
  public static final String VERIFICATION = "vc";

  private final String prefix;

  public StateKeys(String prefix) {
    if (prefix == null || prefix.isBlank()) {
      throw new IllegalArgumentException("state key prefix is required");
    }
    this.prefix = prefix;
  }

  public String key(String community, String kind, String key) {
    if (community == null || community.isEmpty()) {
      throw new IllegalArgumentException("community is required");
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key is required");
    }
    return prefix + ":{" + community + "}:" + kind + ":" + key;
  }

  public String prefix() {
    return prefix;
  }
}
