package dev.chorus.store.crypto;

/** A sealed value that cannot be opened; the message names the key id, never a value. */
public final class SecretBoxException extends RuntimeException {

  public SecretBoxException(String message) {
    super(message, null, false, false);
  }
}
