package dev.chorus.stage;

/**
 * A stage's refusal with a code: 4xx when the event itself is at fault (the router dead-letters it
 * without retrying), 5xx when a dependency failed (the router may skip or retry).
 */
public final class StageException extends RuntimeException {

  private final int code;

  public StageException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
