package dev.chorus.collector.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * The interactions endpoint ({@code /webhooks/discord}): verify, then answer PING with PONG.
 * Discord sends a PING, and one request with a bad signature, when the endpoint URL is saved. Never
 * throws.
 */
public final class DiscordInteractions {

  public static final int PING = 1;

  /** Interaction bodies are small; anything larger is not Discord. */
  public static final int MAX_BODY = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DiscordSignatureVerifier verifier;

  public DiscordInteractions(DiscordSignatureVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * @param header case-insensitive header lookup (null when absent)
   */
  public InteractionOutcome handle(Function<String, String> header, byte[] body, Instant now) {
    DiscordVerification verdict =
        verifier.verify(
            header.apply(DiscordSignatureVerifier.SIGNATURE),
            header.apply(DiscordSignatureVerifier.TIMESTAMP),
            body,
            now);
    if (verdict != DiscordVerification.OK) {
      return new InteractionOutcome.Rejected(verdict);
    }
    if (body.length > MAX_BODY) {
      return new InteractionOutcome.Malformed("body larger than " + MAX_BODY + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return new InteractionOutcome.Malformed("body is not JSON");
    }
    JsonNode type = root == null ? null : root.get("type");
    if (type == null || !type.isInt()) {
      return new InteractionOutcome.Malformed("no numeric type");
    }
    return type.intValue() == PING
        ? new InteractionOutcome.Pong()
        : new InteractionOutcome.Unsupported(type.intValue());
  }
}
