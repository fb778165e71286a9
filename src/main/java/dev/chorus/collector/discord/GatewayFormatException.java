package dev.chorus.collector.discord;

/** A Gateway payload that is not JSON or not a payload; the only exception parsing throws. */
public final class GatewayFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public GatewayFormatException(String reason) {
    super(reason);
  }
}
