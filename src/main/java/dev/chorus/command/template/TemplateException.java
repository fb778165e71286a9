package dev.chorus.command.template;

/** A template that cannot be parsed or expanded; the message is the reason shown to the user. */
public final class TemplateException extends RuntimeException {

  public TemplateException(String reason) {
    super(reason, null, false, false);
  }
}
