package dev.chorus.store.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static final String KEY = SecretBox.newKey();
  private static final String OTHER = SecretBox.newKey();
  private static final String TOKEN = "oauth-token-canary-5b1f9e";

  @Test
  void aSealedValueOpensToItsPlaintextAndShowsNeitherPlaintextNorKey() {
    SecretBox box = SecretBox.of(KEY, List.of());
    String sealed = box.seal(TOKEN, "row/1");
    assertEquals(TOKEN, box.open(sealed, "row/1"));
    assertTrue(sealed.startsWith("v1." + box.keyId() + "."), sealed);
    assertFalse(sealed.contains(TOKEN));
    assertFalse(sealed.contains(KEY));
    assertFalse(box.keyId().contains(KEY.substring(0, 8)));
    assertEquals("", box.open(box.seal("", "row/1"), "row/1"));
  }

  @Test
  void everySealUsesAFreshNonce() {
    SecretBox box = SecretBox.of(KEY, List.of());
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      byte[] data = Base64.getUrlDecoder().decode(box.seal(TOKEN, "row").split("\\.")[2]);
      nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data, 12)));
      assertEquals(12 + TOKEN.length() + 16, data.length, "96-bit nonce, 128-bit tag");
    }
    assertEquals(200, nonces.size());
  }

  @Test
  void anyAlteredByteFailsAuthentication() {
    SecretBox box = SecretBox.of(KEY, List.of());
    String sealed = box.seal(TOKEN, "row");
    String prefix = sealed.substring(0, sealed.lastIndexOf('.') + 1);
    byte[] data = Base64.getUrlDecoder().decode(sealed.substring(prefix.length()));
    for (int i = 0; i < data.length; i++) {
      byte[] altered = data.clone();
      altered[i] ^= 0x01;
      String bad = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      SecretBoxException e =
          assertThrows(SecretBoxException.class, () -> box.open(bad, "row"), "byte " + i);
      assertTrue(e.getMessage().contains("fails authentication"), e.getMessage());
    }
    byte[] shorter = java.util.Arrays.copyOf(data, data.length - 1);
    assertThrows(
        SecretBoxException.class,
        () -> box.open(prefix + Base64.getUrlEncoder().encodeToString(shorter), "row"));
  }

  @Test
  void aValueMovedToAnotherContextDoesNotOpen() {
    SecretBox box = SecretBox.of(KEY, List.of());
    String sealed = box.seal(TOKEN, "twitch_tokens/bot/access");
    assertThrows(SecretBoxException.class, () -> box.open(sealed, "twitch_tokens/other/access"));
    assertThrows(SecretBoxException.class, () -> box.open(sealed, "twitch_tokens/bot/refresh"));
  }

  @Test
  void theWrongKeyNamesTheMissingKeyIdAndNothingElse() {
    SecretBox box = SecretBox.of(KEY, List.of());
    String sealed = box.seal(TOKEN, "row");
    SecretBox other = SecretBox.of(OTHER, List.of());
    SecretBoxException e = assertThrows(SecretBoxException.class, () -> other.open(sealed, "row"));
    assertTrue(e.getMessage().contains(box.keyId()), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN) || e.getMessage().contains(KEY), e.getMessage());
    // A forged key id does not help: the id is authenticated too.
    String forged = sealed.replace(box.keyId(), other.keyId());
    assertThrows(SecretBoxException.class, () -> other.open(forged, "row"));
  }

  @Test
  void afterARotationOldValuesOpenAndNewOnesUseTheNewKey() {
    SecretBox before = SecretBox.of(KEY, List.of());
    String old = before.seal(TOKEN, "row");
    SecretBox after = SecretBox.of(OTHER, List.of(KEY));
    assertNotEquals(before.keyId(), after.keyId());
    assertEquals(TOKEN, after.open(old, "row"));
    assertFalse(after.isCurrent(old));
    String resealed = after.seal(after.open(old, "row"), "row");
    assertTrue(after.isCurrent(resealed));
    assertThrows(SecretBoxException.class, () -> before.open(resealed, "row"));
  }

  @Test
  void malformedValuesAndKeysAreRefusedWithoutEchoingThem() {
    SecretBox box = SecretBox.of(KEY, List.of());
    for (String bad :
        new String[] {null, "", TOKEN, "v1.x", "v2.a.b", "v1." + box.keyId() + ".!!"}) {
      SecretBoxException e = assertThrows(SecretBoxException.class, () -> box.open(bad, "row"));
      assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SecretBox.of(shortKey, List.of()));
    assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
    assertFalse(e.getMessage().contains(shortKey));
    assertThrows(IllegalArgumentException.class, () -> SecretBox.of("not base64 %%", List.of()));
    assertThrows(IllegalArgumentException.class, () -> SecretBox.of(KEY, List.of(shortKey)));
    assertTrue(SecretBox.isValidKey(KEY));
    assertFalse(SecretBox.isValidKey(shortKey));
  }
}
