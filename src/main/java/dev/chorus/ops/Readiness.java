package dev.chorus.ops;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checks behind {@code /health/ready}, by name: each resource (a database, Redis) and each
 * module that depends on something it does not own registers one. Registration happens during
 * start-up, reads happen after, so a plain synchronized map is enough.
 */
public final class Readiness {

  private final Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();

  public synchronized void register(String name, Supplier<Future<Void>> check) {
    if (checks.putIfAbsent(name, check) != null) {
      throw new IllegalStateException("readiness check " + name + " registered twice");
    }
  }

  public synchronized Map<String, Supplier<Future<Void>>> checks() {
    return Map.copyOf(new LinkedHashMap<>(checks));
  }

  public synchronized java.util.List<String> names() {
    return java.util.List.copyOf(checks.keySet());
  }
}
