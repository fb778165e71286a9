package dev.chorus.event;

/** The platform names an envelope's {@code platform} field takes. */
public final class Platforms {

  public static final String TWITCH = "twitch";
  public static final String DISCORD = "discord";
  public static final String SLACK = "slack";

  /** The built-in web chat ({@code /ws/chat}). */
  public static final String WEB = "web";

  private Platforms() {}
}
