package dev.chorus.collector.slack;

import dev.chorus.event.Envelope;

/** What a Slack Events API request came to, and so how the HTTP layer answers it. */
public sealed interface SlackOutcome {

  /** Not verified: answer {@link SlackVerification#httpStatus()}. */
  record Rejected(SlackVerification verification) implements SlackOutcome {}

  /** An event id already seen (a retry): answer 200, ingest nothing. */
  record Duplicate(String eventId) implements SlackOutcome {}

  /** {@code url_verification}: answer 200 with the challenge (plain text). */
  record Challenge(String challenge) implements SlackOutcome {}

  /** A user's message: journal the envelope, then answer 200. */
  record Message(Envelope envelope) implements SlackOutcome {}

  /** Authentic but of no interest (bots, edits, joins, other events, unknown teams): 200. */
  record Ignored(String reason) implements SlackOutcome {}

  /** Authentic but unreadable: 400. */
  record Malformed(String reason) implements SlackOutcome {}
}
