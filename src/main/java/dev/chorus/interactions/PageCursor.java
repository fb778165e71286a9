package dev.chorus.interactions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The {@code before}/{@code next} token of the interactions API: the (at, id) of a page's last row,
 * base64url so it travels in a query string untouched. Opaque to clients; a token that does not
 * decode is refused with 400 rather than read as "from the start".
 */
final class PageCursor {

  private static final int MAX_LENGTH = 512;

  private PageCursor() {}

  static String encode(InteractionLog.Cursor cursor) {
    String raw = cursor.at() + "|" + cursor.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code token}; {@code null} for none. */
  static InteractionLog.Cursor decode(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    if (token.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("before is not a cursor this API gave out");
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar < 1 || bar == raw.length() - 1) {
        throw new IllegalArgumentException("no separator");
      }
      return new InteractionLog.Cursor(
          Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException("before is not a cursor this API gave out");
    }
  }
}
