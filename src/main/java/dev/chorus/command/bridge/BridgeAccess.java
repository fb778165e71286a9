package dev.chorus.command.bridge;

import dev.chorus.event.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What may pass the command module bridges (TCP and SockJS), in one place: the token, and the
 * explicit allow-list of addresses. Both bridges hand their options to Vert.x ({@link
 * #permit(BridgeOptions)}) and check each frame here first ({@link #check}), so a refusal is logged
 * by Chorus with the reason before the bridge answers.
 *
 * <ul>
 *   <li>in ({@code send}/{@code publish}): {@link Addresses#COMMAND_REGISTER}, and the reply
 *       addresses of requests the module received (the bridge itself tracks those);
 *   <li>out ({@code register}/{@code unregister}): {@code chorus.command.module.<name>}, the name
 *       1–32 of {@code a-z 0-9 _ -}.
 * </ul>
 */
public final class BridgeAccess {

  /** The only address a module may send or publish to (besides replies). */
  public static final Set<String> INBOUND = Set.of(Addresses.COMMAND_REGISTER);

  /** The addresses a module may listen on. */
  public static final Pattern OUTBOUND =
      Pattern.compile(Pattern.quote(Addresses.COMMAND_MODULE_PREFIX) + "[a-z0-9_-]{1,32}");

  /** Vert.x reply addresses: a module answers a request on one of these. */
  static final String REPLY_PREFIX = "__vertx.reply.";

  /** The frame types of the bridge protocol. */
  public static final Set<String> TYPES =
      Set.of("send", "publish", "register", "unregister", "ping");

  /** What a frame is refused for; {@code null} when it passes. */
  public enum Refusal {
    INVALID_TOKEN("invalid_token", true),
    ACCESS_DENIED("access_denied", false);

    public final String code;

    /** Whether the connection is closed after the error frame. */
    public final boolean closes;

    Refusal(String code, boolean closes) {
      this.code = code;
      this.closes = closes;
    }
  }

  private final byte[] tokenHash;

  public BridgeAccess(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the bridge needs a token");
    }
    this.tokenHash = sha256(token);
  }

  /** Adds the allow-list to a bridge's options. */
  public static <T extends BridgeOptions> T permit(T options) {
    for (String address : INBOUND) {
      options.addInboundPermitted(new PermittedOptions().setAddress(address));
    }
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(OUTBOUND.pattern()));
    return options;
  }

  /**
   * Checks one frame of type {@code send}, {@code publish}, {@code register} or {@code unregister}
   * and removes its token, so the token never reaches the event bus.
   *
   * @param frame the frame as received (its {@code headers.token} is removed)
   * @return the refusal, or {@code null} when the frame passes to the bridge
   */
  public Refusal check(String type, JsonObject frame) {
    Object headers = frame == null ? null : frame.getValue("headers");
    Object token = headers instanceof JsonObject h ? h.remove("token") : null;
    if (!(token instanceof String presented)
        || !MessageDigest.isEqual(tokenHash, sha256(presented))) {
      return Refusal.INVALID_TOKEN;
    }
    Object address = frame.getValue("address");
    if (!(address instanceof String a) || !permitted(type, a)) {
      return Refusal.ACCESS_DENIED;
    }
    return null;
  }

  /**
   * Whether {@code address} is on the list for {@code type}. A {@code send} to a reply address
   * passes here; the bridge then lets it through only when the module received that request.
   */
  static boolean permitted(String type, String address) {
    return switch (type) {
      case "send" -> INBOUND.contains(address) || address.startsWith(REPLY_PREFIX);
      case "publish" -> INBOUND.contains(address);
      case "register", "unregister" -> OUTBOUND.matcher(address).matches();
      default -> false;
    };
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
