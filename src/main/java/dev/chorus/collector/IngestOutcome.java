package dev.chorus.collector;

/**
 * What became of an event handed to {@link IngestClient#ingest}. A collector acknowledges to its
 * platform only when {@link #acknowledge()} is true; otherwise it refuses the input so that the
 * platform (or the user's client) can send it again later.
 */
public enum IngestOutcome {

  /** Journaled for the first time and routed. */
  ACCEPTED("accepted", true),

  /**
   * The id was journaled before (a resend, a reconnect, another collector instance): acknowledge
   * again, it is not routed again.
   */
  DUPLICATE("duplicate", true),

  /**
   * The store cannot hold this input (a permanent data error, e.g. a character the database
   * refuses): refuse for good; resending it cannot succeed.
   */
  INVALID("invalid_field", false),

  /** The interaction log's queue is full: refuse; the input may be resent later. */
  OVERLOADED("overloaded", false),

  /**
   * Not stored: the log failed, did not answer in time, or nothing consumes the journal address.
   */
  UNAVAILABLE("unavailable", false),

  /**
   * The event names a community nobody created (or one that was deleted): refuse for good; it is
   * neither journaled nor routed.
   */
  UNKNOWN_COMMUNITY("unknown_community", false);

  private final String code;
  private final boolean acknowledge;

  IngestOutcome(String code, boolean acknowledge) {
    this.code = code;
    this.acknowledge = acknowledge;
  }

  /** Lower-case name for error frames, metric tags and logs. */
  public String code() {
    return code;
  }

  /** True when the event is in the interaction log, so the platform may be told so. */
  public boolean acknowledge() {
    return acknowledge;
  }
}
