package dev.chorus.overlay;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.StoreContract;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** What every {@link OverlayTokens} adapter must do. One subclass per adapter. */
public abstract class OverlayTokensContract extends StoreContract<OverlayTokens> {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aCommunityWithoutATokenMatchesNothing() {
    assertFalse(await(store.exists(community)));
    assertFalse(await(store.matches(community, OverlayTokens.hash("anything"))));
  }

  @Test
  void rotatingReplacesTheOldToken() {
    String first = OverlayTokens.newToken(RANDOM);
    await(store.put(community, OverlayTokens.hash(first)));
    assertTrue(await(store.exists(community)));
    assertTrue(await(store.matches(community, OverlayTokens.hash(first))));
    String second = OverlayTokens.newToken(RANDOM);
    assertNotEquals(first, second);
    await(store.put(community, OverlayTokens.hash(second)));
    assertFalse(await(store.matches(community, OverlayTokens.hash(first))));
    assertTrue(await(store.matches(community, OverlayTokens.hash(second))));
  }

  @Test
  void aTokenBelongsToOneCommunity() {
    String token = OverlayTokens.newToken(RANDOM);
    await(store.put(community, OverlayTokens.hash(token)));
    assertFalse(await(store.matches("x" + community, OverlayTokens.hash(token))));
  }

  @Test
  void tokensAreLongAndStoredAsTheirHash() {
    String token = OverlayTokens.newToken(RANDOM);
    assertEquals(43, token.length());
    assertEquals(64, OverlayTokens.hash(token).length());
    assertFalse(OverlayTokens.hash(token).contains(token));
  }
}
