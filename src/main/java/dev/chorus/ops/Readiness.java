package dev.chorus.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checks behind {@code /health/ready}, by name: each resource (a database, Redis) and each
 * module that depends on something it does not own registers one; {@code cluster} and {@code roles}
 * come from the process's view of its cluster. Details are extra sections of the answer (the
 * cluster's members and roles) that explain the checks. Registration happens during start-up, reads
 * happen after, so a plain synchronized map is enough.
 */
public final class Readiness {

  private final Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();
  private final Map<String, Supplier<JsonObject>> details = new LinkedHashMap<>();

  public synchronized void register(String name, Supplier<Future<Void>> check) {
    if (checks.putIfAbsent(name, check) != null) {
      throw new IllegalStateException("readiness check " + name + " registered twice");
    }
  }

  /** Adds a section {@code name} to the readiness answer. */
  public synchronized void detail(String name, Supplier<JsonObject> detail) {
    if (details.putIfAbsent(name, detail) != null) {
      throw new IllegalStateException("readiness detail " + name + " registered twice");
    }
  }

  public synchronized Map<String, Supplier<Future<Void>>> checks() {
    // In registration order (Map.copyOf would not keep it).
    return Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }

  /** The detail sections, in registration order. */
  public synchronized Map<String, Supplier<JsonObject>> details() {
    return new LinkedHashMap<>(details);
  }

  public synchronized List<String> names() {
    return List.copyOf(checks.keySet());
  }
}
