package dev.chorus.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The egress delivery payload: its exact JSON, and a round trip through the wire's bytes. */
class DeliveryTest {

  /** Field order as written, as Vert.x's JsonObject encodes it on the wire. */
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private static final String GOLDEN =
      "{\"id\":\"r1\",\"inReplyTo\":\"e1\",\"platform\":\"web\",\"channel\":\"demo\",\"text\":\"pong\"}";

  private static String write(Map<String, Object> json) throws Exception {
    return PLAIN.writeValueAsString(json);
  }

  private static Map<String, Object> read(String json) throws Exception {
    return PLAIN.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void theJsonFormIsPinned() throws Exception {
    Delivery delivery = new Delivery("r1", "e1", "web", "demo", "pong");
    assertEquals(GOLDEN, write(delivery.toJson()));
    assertEquals(delivery, Delivery.fromJson(read(GOLDEN)));
  }

  @Test
  void aReplyBecomesItsDelivery() throws Exception {
    Reply reply = new Reply("r1", "e1", "web", "demo", "pong", "command");
    assertEquals(GOLDEN, write(Delivery.of(reply).toJson()));
  }

  @Test
  void inReplyToIsOptionalAndUnknownFieldsAreIgnored() throws Exception {
    Delivery delivery =
        Delivery.fromJson(
            read("{\"id\":\"r1\",\"platform\":\"web\",\"channel\":\"c\",\"text\":\"t\",\"x\":1}"));
    assertNull(delivery.inReplyTo());
    assertEquals(
        "{\"id\":\"r1\",\"platform\":\"web\",\"channel\":\"c\",\"text\":\"t\"}",
        write(delivery.toJson()));
  }

  @Test
  void aBrokenPayloadNamesTheField() throws Exception {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Delivery.fromJson(read("{\"id\":\"r1\",\"platform\":\"web\",\"channel\":\"c\"}")));
    assertEquals("delivery.text is required", missing.getMessage());
    IllegalArgumentException typed =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Delivery.fromJson(
                    read("{\"id\":7,\"platform\":\"web\",\"channel\":\"c\",\"text\":\"t\"}")));
    assertEquals("delivery.id must be a string", typed.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Delivery.fromJson(null));
  }
}
