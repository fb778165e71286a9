package dev.chorus.collector.twitch.eventsub;

/** The verdict on a webhook request's authenticity, and the HTTP status that answers it. */
public enum Verification {
  /** Authentic, fresh and new: normalize it. */
  OK(200),
  /** The signature is missing, not hex, or does not match: someone else sent it. */
  BAD_SIGNATURE(401),
  /** Authentic but outside the replay window: a captured request played back. */
  STALE(401),
  /** Authentic and fresh but already seen: the platform retried; acknowledge, ingest nothing. */
  REPLAY(200),
  /** Required headers missing or unreadable. */
  MALFORMED(400);

  private final int httpStatus;

  Verification(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
