package dev.chorus.collector.twitch.eventsub;

import dev.chorus.event.Envelope;

/** What an EventSub webhook request came to, and so how the HTTP layer answers it. */
public sealed interface EventSubOutcome {

  /** Not verified (see {@link Verification#httpStatus()}): answer with that status. */
  record Rejected(Verification verification) implements EventSubOutcome {}

  /** Already seen: answer 204 so Twitch stops retrying; ingest nothing. */
  record Duplicate(String messageId) implements EventSubOutcome {}

  /** {@code webhook_callback_verification}: answer 200 with the challenge as plain text. */
  record Challenge(String challenge) implements EventSubOutcome {}

  /** {@code revocation}: answer 204; the collector logs it and may subscribe again. */
  record Revoked(String subscriptionId, String subscriptionType, String status)
      implements EventSubOutcome {}

  /** A notification Chorus handles: journal the envelope, then answer 204. */
  record Notification(Envelope envelope) implements EventSubOutcome {}

  /** Authentic but of no interest (an unknown type or broadcaster): answer 204. */
  record Ignored(String reason) implements EventSubOutcome {}

  /** Authentic but unreadable: answer 400. */
  record Malformed(String reason) implements EventSubOutcome {}
}
