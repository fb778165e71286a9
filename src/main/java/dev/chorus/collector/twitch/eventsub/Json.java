package dev.chorus.collector.twitch.eventsub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.event.Author;
import dev.chorus.event.TextHygiene;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Lenient reads of EventSub fields: a missing or mistyped field is null, never an exception. */
final class Json {

  private Json() {}

  /** A non-blank string field (numbers are not accepted as ids), or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.textValue().isBlank()
        ? value.textValue()
        : null;
  }

  static Integer integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isInt() ? value.intValue() : null;
  }

  static Instant instant(JsonNode node, String field, Instant otherwise) {
    String text = text(node, field);
    Instant parsed = text == null ? null : EventSubVerifier.parseTimestamp(text);
    return parsed == null ? otherwise : parsed;
  }

  /** The author from {@code <prefix>_id}, {@code _login}, {@code _name}; null without an id. */
  static Author author(JsonNode node, String prefix) {
    String id = text(node, prefix + "_id");
    if (id == null) {
      return null;
    }
    String name = TextHygiene.displayName(text(node, prefix + "_name"));
    return new Author(id, text(node, prefix + "_login"), name, List.of());
  }

  static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
