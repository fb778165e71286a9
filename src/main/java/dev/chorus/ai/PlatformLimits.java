package dev.chorus.ai;

import java.util.Map;

/**
 * The longest message each platform takes, in characters: Twitch chat 500, Discord 2,000, Slack
 * 4,000 (its advice for a readable message; the API allows more), the web chat 500 (as Twitch, so
 * an answer reads the same everywhere). A model reply longer than its platform's limit is dropped,
 * not cut: a cut answer can say the opposite of the whole one.
 */
final class PlatformLimits {

  private static final Map<String, Integer> LIMITS =
      Map.of("twitch", 500, "discord", 2000, "slack", 4000, "web", 500);

  private PlatformLimits() {}

  static int maxChars(String platform) {
    return LIMITS.getOrDefault(platform, 500);
  }
}
