package dev.chorus.collector.twitch.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An OAuth token Chorus keeps for a Twitch account: the access token, the refresh token that renews
 * it (Twitch rotates it on every refresh), its scopes and when it expires. {@link #toString} never
 * shows the tokens.
 *
 * @param refreshToken empty for an app access token (client credentials), which is not refreshed
 * @param expiresAt when the access token stops working; {@code null} when Twitch did not say
 */
public record TwitchToken(
    String accessToken, String refreshToken, List<String> scopes, Instant expiresAt) {

  public TwitchToken {
    Objects.requireNonNull(accessToken, "accessToken");
    if (accessToken.isEmpty()) {
      throw new IllegalArgumentException("an access token is required");
    }
    refreshToken = refreshToken == null ? "" : refreshToken;
    scopes = List.copyOf(scopes);
  }

  /** Whether the access token expires within {@code margin} of {@code now} (or has). */
  public boolean expiresWithin(java.time.Duration margin, Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now.plus(margin));
  }

  @Override
  public String toString() {
    return "TwitchToken[scopes=" + scopes + ", expiresAt=" + expiresAt + ", tokens=<secret>]";
  }
}
