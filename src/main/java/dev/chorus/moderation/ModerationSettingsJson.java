package dev.chorus.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON form of {@link ModerationSettings}, as stored per community. Reading is lenient in one
 * way only: a missing key takes its default, so a community stores just what it changed and
 * inherits later defaults. Unknown keys and bad values fail, naming the key, because a typo in a
 * moderation setting would otherwise silently leave a rule at its default.
 */
public final class ModerationSettingsJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ModerationSettingsJson() {}

  /** The full JSON form of {@code settings}. */
  public static String write(ModerationSettings settings) {
    try {
      return MAPPER.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("settings are not serializable", e);
    }
  }

  /** Settings from JSON, keys left out taking their {@link ModerationSettings#defaults()}. */
  public static ModerationSettings read(String json) {
    JsonNode given;
    try {
      given = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "moderation settings are not JSON: " + e.getOriginalMessage(), e);
    }
    if (given == null || !given.isObject()) {
      throw new IllegalArgumentException("moderation settings must be a JSON object");
    }
    ObjectNode merged = MAPPER.valueToTree(ModerationSettings.defaults());
    merge(merged, (ObjectNode) given, "");
    try {
      return MAPPER.treeToValue(merged, ModerationSettings.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("moderation settings: " + describe(e), e);
    }
  }

  /** Objects merge key by key; anything else (lists included) replaces the default. */
  private static void merge(ObjectNode target, ObjectNode given, String path) {
    Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = path + field.getKey();
      JsonNode current = target.get(field.getKey());
      if (current == null) {
        throw new IllegalArgumentException("moderation settings: unknown key " + key);
      }
      if (current.isObject() && field.getValue().isObject()) {
        merge((ObjectNode) current, (ObjectNode) field.getValue(), key + ".");
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static String describe(JsonProcessingException e) {
    Throwable cause = e.getCause();
    String reason =
        cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
        && !mapping.getPath().isEmpty()) {
      StringBuilder key = new StringBuilder();
      for (var ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          key.append(key.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          key.append('[').append(ref.getIndex()).append(']');
        }
      }
      return key + ": " + reason;
    }
    return reason;
  }
}
