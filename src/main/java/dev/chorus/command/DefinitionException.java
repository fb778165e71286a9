package dev.chorus.command;

/** A command, alias, counter, quote or timer definition that is refused; the message says why. */
public final class DefinitionException extends RuntimeException {

  /** HTTP status the admin API answers with: 400 invalid, 404 absent, 409 conflicting. */
  private final int status;

  private final String code;

  public DefinitionException(int status, String code, String reason) {
    super(reason, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static DefinitionException invalid(String reason) {
    return new DefinitionException(400, "invalid_definition", reason);
  }

  public static DefinitionException conflict(String reason) {
    return new DefinitionException(409, "conflict", reason);
  }

  public static DefinitionException notFound(String reason) {
    return new DefinitionException(404, "not_found", reason);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
