package dev.chorus.collector.discord;

/** The verdict on an interaction request's signature, and the HTTP status that answers it. */
public enum DiscordVerification {
  OK(200),
  /** Discord checks that a bad signature gets 401 before it accepts the endpoint URL. */
  BAD_SIGNATURE(401),
  /** Signed, but the timestamp is outside the window: a recorded request played back. */
  STALE(401),
  /** Headers missing or not of the documented form. */
  MALFORMED(400);

  private final int httpStatus;

  DiscordVerification(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
