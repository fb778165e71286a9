package dev.chorus.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The envelope's wire format: UTF-8 JSON. Unknown fields are ignored so that newer producers can
 * add fields without breaking older consumers; timestamps are ISO-8601 UTC strings; map keys are
 * written sorted so the same envelope always has the same bytes.
 */
public final class EnvelopeJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .registerModule(
              new SimpleModule("chorus-time")
                  .addSerializer(
                      Instant.class,
                      new JsonSerializer<>() {
                        @Override
                        public void serialize(
                            Instant value, JsonGenerator gen, SerializerProvider serializers)
                            throws IOException {
                          gen.writeString(value.toString());
                        }
                      })
                  .addDeserializer(
                      Instant.class,
                      new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext ctxt)
                            throws IOException {
                          try {
                            return Instant.parse(p.getValueAsString());
                          } catch (DateTimeParseException e) {
                            throw ctxt.weirdStringException(
                                p.getValueAsString(), Instant.class, "not an ISO-8601 instant");
                          }
                        }
                      }));

  private EnvelopeJson() {}

  /** The shared, configured mapper; safe to use from any thread. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(Envelope envelope) {
    try {
      return MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String encodeToString(Envelope envelope) {
    try {
      return MAPPER.writeValueAsString(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes an envelope.
   *
   * @throws IllegalArgumentException when the bytes are not a valid envelope (the message says why)
   */
  public static Envelope decode(byte[] json, int offset, int length) {
    try {
      return MAPPER.readValue(json, offset, length, Envelope.class);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException("invalid envelope: " + cause.getMessage(), e);
    }
  }

  public static Envelope decode(byte[] json) {
    return decode(json, 0, json.length);
  }

  public static Envelope decode(String json) {
    return decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
