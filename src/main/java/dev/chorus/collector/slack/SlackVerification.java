package dev.chorus.collector.slack;

/** The verdict on a Slack request's authenticity, and the HTTP status that answers it. */
public enum SlackVerification {
  OK(200),
  BAD_SIGNATURE(401),
  /** Signed, but the timestamp is more than five minutes away: a recorded request played back. */
  STALE(401),
  /** An event id already ingested (Slack retries when it got no 2xx within 3 s): answer 200. */
  REPLAY(200),
  MALFORMED(400);

  private final int httpStatus;

  SlackVerification(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
