package dev.chorus.collector.twitch.eventsub;

import java.time.Instant;
import java.util.function.Function;

/**
 * One EventSub webhook request from headers and raw body to an {@link EventSubOutcome}: verify,
 * then normalize. Pure apart from the seen-set; never throws.
 */
public final class EventSubWebhook {

  private final EventSubVerifier verifier;
  private final EventSubNormalizer normalizer;

  public EventSubWebhook(EventSubVerifier verifier, EventSubNormalizer normalizer) {
    this.verifier = verifier;
    this.normalizer = normalizer;
  }

  /**
   * @param header case-insensitive header lookup (null when absent)
   */
  public EventSubOutcome handle(Function<String, String> header, byte[] body, Instant now) {
    String messageId = header.apply(EventSubVerifier.MESSAGE_ID);
    String timestamp = header.apply(EventSubVerifier.TIMESTAMP);
    Verification verdict =
        verifier.verify(messageId, timestamp, header.apply(EventSubVerifier.SIGNATURE), body, now);
    return switch (verdict) {
      case OK ->
          normalizer.normalize(
              messageId,
              header.apply(EventSubVerifier.MESSAGE_TYPE),
              EventSubVerifier.parseTimestamp(timestamp),
              body,
              now);
      case REPLAY -> new EventSubOutcome.Duplicate(messageId);
      default -> new EventSubOutcome.Rejected(verdict);
    };
  }
}
