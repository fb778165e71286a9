package dev.chorus.identity;

/** No person (or no account) with that id in the community. */
public final class UnknownPersonException extends IllegalArgumentException {

  public UnknownPersonException(String what) {
    super(what + " does not exist");
  }
}
