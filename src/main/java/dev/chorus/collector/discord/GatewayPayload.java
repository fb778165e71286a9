package dev.chorus.collector.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One Discord Gateway payload: {@code {"op":…,"d":…,"s":…,"t":…}}. {@code s} and {@code t} are set
 * on dispatches (op 0) only. Parsed leniently (unknown fields ignored), written exactly.
 *
 * @param op the opcode ({@link GatewayOp})
 * @param d the data, or JSON null
 * @param s the sequence number of a dispatch, or null
 * @param t the event name of a dispatch ({@code MESSAGE_CREATE} …), or null
 */
public record GatewayPayload(int op, JsonNode d, Long s, String t) {

  /** Discord closes a connection whose payloads exceed 4096 bytes; what it sends is larger. */
  public static final int MAX_INBOUND = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public GatewayPayload {
    d = d == null ? NODES.nullNode() : d;
  }

  /**
   * Parses one payload (a text frame, after decompression).
   *
   * @throws GatewayFormatException when it is not JSON, too large, or has no integer {@code op}
   */
  public static GatewayPayload parse(String json) {
    if (json == null || json.length() > MAX_INBOUND) {
      throw new GatewayFormatException("payload missing or larger than " + MAX_INBOUND);
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GatewayFormatException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new GatewayFormatException("not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new GatewayFormatException("not a JSON object");
    }
    JsonNode op = root.get("op");
    if (op == null || !op.isInt()) {
      throw new GatewayFormatException("no integer op");
    }
    JsonNode s = root.get("s");
    JsonNode t = root.get("t");
    return new GatewayPayload(
        op.intValue(),
        root.get("d"),
        s != null && s.canConvertToLong() && s.isIntegralNumber() ? s.longValue() : null,
        t != null && t.isTextual() ? t.textValue() : null);
  }

  /** The payload as Discord expects it; {@code s} and {@code t} written only when set. */
  public String toJson() {
    ObjectNode root = NODES.objectNode();
    root.put("op", op);
    root.set("d", d);
    if (s != null) {
      root.put("s", s);
    }
    if (t != null) {
      root.put("t", t);
    }
    return root.toString();
  }

  public boolean isDispatch(String event) {
    return op == GatewayOp.DISPATCH && event.equals(t);
  }

  /** {@code d.heartbeat_interval} of a HELLO, or -1. */
  public long heartbeatInterval() {
    JsonNode interval = d.get("heartbeat_interval");
    return op == GatewayOp.HELLO && interval != null && interval.canConvertToLong()
        ? interval.longValue()
        : -1;
  }

  /** Op 1 with the last sequence number received (null before the first dispatch). */
  public static GatewayPayload heartbeat(Long lastSequence) {
    return new GatewayPayload(
        GatewayOp.HEARTBEAT,
        lastSequence == null ? NODES.nullNode() : NODES.numberNode(lastSequence),
        null,
        null);
  }

  /**
   * Op 2.
   *
   * @param intents the gateway intents bit set (e.g. GUILD_MESSAGES 1&lt;&lt;9 | MESSAGE_CONTENT
   *     1&lt;&lt;15)
   */
  public static GatewayPayload identify(String token, int intents, String os, String name) {
    ObjectNode d = NODES.objectNode();
    d.put("token", token);
    d.put("intents", intents);
    ObjectNode properties = d.putObject("properties");
    properties.put("os", os);
    properties.put("browser", name);
    properties.put("device", name);
    return new GatewayPayload(GatewayOp.IDENTIFY, d, null, null);
  }

  /** Op 6: continue a session after a reconnect, replaying dispatches after {@code seq}. */
  public static GatewayPayload resume(String token, String sessionId, long seq) {
    ObjectNode d = NODES.objectNode();
    d.put("token", token);
    d.put("session_id", sessionId);
    d.put("seq", seq);
    return new GatewayPayload(GatewayOp.RESUME, d, null, null);
  }
}
