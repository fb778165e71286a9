package dev.chorus.event;

/** The platform names an envelope's {@code platform} field takes. */
public final class Platforms {

  public static final String TWITCH = "twitch";
  public static final String DISCORD = "discord";
  public static final String SLACK = "slack";

  /** The built-in web chat ({@code /ws/chat}). */
  public static final String WEB = "web";

  /**
   * Role the web chat gateway gives the author of a signed-in connection (a web-chat token); no
   * anonymous frame can carry it.
   */
  public static final String WEB_SIGNED_IN = "signed-in";

  /**
   * Prefix of a signed-in web author's user id ({@code signed:<name>}); anonymous frames may not
   * use it.
   */
  public static final String WEB_SIGNED_IN_PREFIX = "signed:";

  private Platforms() {}
}
