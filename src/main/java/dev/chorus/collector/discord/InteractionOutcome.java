package dev.chorus.collector.discord;

/** What an interaction request came to, and so how the HTTP layer answers it. */
public sealed interface InteractionOutcome {

  /** Not verified: answer {@link DiscordVerification#httpStatus()}. */
  record Rejected(DiscordVerification verification) implements InteractionOutcome {}

  /** PING (type 1): answer 200 with {@link #PONG_BODY}. */
  record Pong() implements InteractionOutcome {
    public static final String PONG_BODY = "{\"type\":1}";
  }

  /** Verified, of a type Chorus does not handle yet (commands, components …): answer 400. */
  record Unsupported(int type) implements InteractionOutcome {}

  /** Verified but not JSON with a numeric {@code type}: answer 400. */
  record Malformed(String reason) implements InteractionOutcome {}
}
