package dev.chorus.collector.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.EdECPublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscordInteractionsTest {

  static final Instant NOW = Instant.ofEpochSecond(1_795_000_000L);
  static final String TS = Long.toString(NOW.getEpochSecond());
  static final String PING = "{\"application_id\":\"123\",\"id\":\"456\",\"type\":1,\"version\":1}";

  final DiscordKeys keys = new DiscordKeys();
  final DiscordInteractions interactions =
      new DiscordInteractions(new DiscordSignatureVerifier(keys.publicHex()));

  InteractionOutcome post(String signature, String timestamp, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put(DiscordSignatureVerifier.SIGNATURE, signature);
    headers.put(DiscordSignatureVerifier.TIMESTAMP, timestamp);
    return interactions.handle(headers::get, body.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void signedPingIsAnsweredWithPong() {
    InteractionOutcome out = post(keys.sign(TS, PING.getBytes()), TS, PING);
    assertInstanceOf(InteractionOutcome.Pong.class, out);
    assertEquals("{\"type\":1}", InteractionOutcome.Pong.PONG_BODY);
  }

  @Test
  void rawKeysDecodeToTheSamePointForBothParitiesOfX() {
    boolean sawOdd = false;
    boolean sawEven = false;
    for (int i = 0; i < 64 && !(sawOdd && sawEven); i++) {
      DiscordKeys k = new DiscordKeys();
      EdECPublicKey expected = (EdECPublicKey) k.pair.getPublic();
      EdECPublicKey decoded = (EdECPublicKey) DiscordSignatureVerifier.publicKey(k.publicHex());
      assertEquals(expected.getPoint().getY(), decoded.getPoint().getY());
      assertEquals(expected.getPoint().isXOdd(), decoded.getPoint().isXOdd());
      sawOdd |= expected.getPoint().isXOdd();
      sawEven |= !expected.getPoint().isXOdd();
      byte[] body = ("{\"type\":1,\"n\":" + i + "}").getBytes();
      assertEquals(
          DiscordVerification.OK,
          new DiscordSignatureVerifier(k.publicHex()).verify(k.sign(TS, body), TS, body, NOW));
    }
    assertTrue(sawOdd && sawEven, "both parities of x were exercised");
  }

  @Test
  void theParityBitMatters() {
    byte[] raw = HexFormat.of().parseHex(keys.publicHex());
    raw[31] ^= (byte) 0x80;
    String flipped = HexFormat.of().formatHex(raw);
    byte[] body = PING.getBytes();
    DiscordVerification verdict;
    try {
      verdict = new DiscordSignatureVerifier(flipped).verify(keys.sign(TS, body), TS, body, NOW);
    } catch (IllegalArgumentException e) {
      verdict = DiscordVerification.BAD_SIGNATURE; // the JDK may refuse the other point outright
    }
    assertEquals(DiscordVerification.BAD_SIGNATURE, verdict);
    EdECPublicKey decoded = (EdECPublicKey) DiscordSignatureVerifier.publicKey(flipped);
    assertEquals(
        !((EdECPublicKey) keys.pair.getPublic()).getPoint().isXOdd(), decoded.getPoint().isXOdd());
  }

  @Test
  void badSignaturesStaleAndMalformedRequests() {
    String good = keys.sign(TS, PING.getBytes());
    String tampered = (good.charAt(0) == '0' ? "1" : "0") + good.substring(1);
    assertEquals(
        new InteractionOutcome.Rejected(DiscordVerification.BAD_SIGNATURE),
        post(tampered, TS, PING));
    assertEquals(
        new InteractionOutcome.Rejected(DiscordVerification.BAD_SIGNATURE),
        post(good, TS, PING + " "));
    assertEquals(
        new InteractionOutcome.Rejected(DiscordVerification.BAD_SIGNATURE),
        post("zz".repeat(64), TS, PING));
    assertEquals(
        new InteractionOutcome.Rejected(DiscordVerification.BAD_SIGNATURE), post(null, TS, PING));
    String old = Long.toString(NOW.getEpochSecond() - 301);
    assertEquals(
        new InteractionOutcome.Rejected(DiscordVerification.STALE),
        post(keys.sign(old, PING.getBytes()), old, PING));
    assertEquals(
        new InteractionOutcome.Rejected(DiscordVerification.MALFORMED), post(good, null, PING));
    assertEquals(
        new InteractionOutcome.Rejected(DiscordVerification.MALFORMED),
        post(keys.sign("soon", PING.getBytes()), "soon", PING));
    assertEquals(401, DiscordVerification.BAD_SIGNATURE.httpStatus());
  }

  @Test
  void otherInteractionTypesAndBrokenBodies() {
    String command = "{\"type\":2,\"data\":{\"name\":\"ping\"}}";
    assertEquals(
        new InteractionOutcome.Unsupported(2),
        post(keys.sign(TS, command.getBytes()), TS, command));
    String broken = "{\"type\":\"one\"}";
    assertInstanceOf(
        InteractionOutcome.Malformed.class, post(keys.sign(TS, broken.getBytes()), TS, broken));
  }

  @Test
  void keysThatAreNotKeysAreRefusedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new DiscordSignatureVerifier("abc"));
    assertThrows(
        IllegalArgumentException.class, () -> new DiscordSignatureVerifier("zz".repeat(32)));
    assertThrows(IllegalArgumentException.class, () -> new DiscordSignatureVerifier(null));
  }
}
