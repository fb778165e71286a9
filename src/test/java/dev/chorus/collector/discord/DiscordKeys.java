package dev.chorus.collector.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;

/** A fresh application key pair, exported the way Discord's developer portal shows it. */
final class DiscordKeys {

  final KeyPair pair;

  DiscordKeys() {
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The raw 32-byte key in hex: the X.509 SubjectPublicKeyInfo of an Ed25519 key is a fixed 12-byte
   * header followed by exactly those bytes.
   */
  String publicHex() {
    byte[] spki = pair.getPublic().getEncoded();
    return HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
  }

  String sign(String timestamp, byte[] body) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(pair.getPrivate());
      ed.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ed.update(body);
      return HexFormat.of().formatHex(ed.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
