package dev.chorus.event;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A declared entry of an envelope's context: its name and the type of its value. The value's JSON
 * form is what Jackson writes for that type (a record becomes an object), so a stage reads the same
 * value whether the envelope came over a local hop (the object itself) or a clustered one (JSON
 * bytes decoded into maps): {@link #read} converts the JSON form back into the declared type.
 *
 * <p>The keys every stage shares are in {@link ContextKeys}. A value type must survive a JSON round
 * trip unchanged: a record of strings, numbers, booleans, lists and other such records.
 */
public final class ContextKey<T> {

  private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9_.]{0,63}");

  private final String name;
  private final Class<T> type;

  private ContextKey(String name, Class<T> type) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("context key name must match " + NAME + ": " + name);
    }
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
  }

  /** Declares a key; keep the result in a constant. */
  public static <T> ContextKey<T> of(String name, Class<T> type) {
    return new ContextKey<>(name, type);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /**
   * The stored value as the declared type: the object itself after a local hop, converted from its
   * JSON form after a clustered one.
   *
   * @throws IllegalArgumentException when the stored value does not fit the type (the message names
   *     the key)
   */
  T read(Object stored) {
    if (type.isInstance(stored)) {
      return type.cast(stored);
    }
    try {
      return EnvelopeJson.mapper().convertValue(stored, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "context entry '" + name + "' is not a " + type.getSimpleName() + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContextKey<?> other && name.equals(other.name) && type.equals(other.type);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name + ":" + type.getSimpleName();
  }
}
