package dev.chorus.command.builtin;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in commands by name, and the names other stages own, which no custom command, alias or
 * module may take (the identity, moderation and knowledge stages answer them themselves).
 */
public final class Builtins {

  /** Names other stages answer; the command stage stays silent on them. */
  public static final Set<String> OWNED_ELSEWHERE =
      Set.of(
          "identity", "verify", "pronouns", "nick", "permit", "remember", "facts", "forget", "ask");

  private final Map<String, Builtin> byName = new LinkedHashMap<>();

  public Builtins add(Builtin builtin) {
    if (byName.putIfAbsent(builtin.name(), builtin) != null) {
      throw new IllegalArgumentException("two built-ins named " + builtin.name());
    }
    return this;
  }

  public Optional<Builtin> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<Builtin> all() {
    return Collections.unmodifiableCollection(byName.values());
  }

  /** Whether {@code name} is taken by a built-in or by another stage. */
  public boolean reserved(String name) {
    return byName.containsKey(name) || OWNED_ELSEWHERE.contains(name);
  }
}
