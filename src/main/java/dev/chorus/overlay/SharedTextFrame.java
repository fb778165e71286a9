package dev.chorus.overlay;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * One overlay frame encoded to UTF-8 once and written to every socket of a community.
 *
 * <p>{@code writeTextMessage(String)} encodes the text again for every socket. Here the bytes are
 * encoded once; each socket gets a final text frame over a read-only view of the same bytes (its
 * own reader index, nothing copied, nothing released by one socket's encoder under another's).
 * Vert.x 5 has no public constructor of a text frame from a {@link Buffer}, so the frame is built
 * with its implementation class (decision 096). A frame larger than one WebSocket frame goes
 * through {@code writeTextMessage}, which splits it.
 */
final class SharedTextFrame {

  /** Vert.x's default maximum WebSocket frame size; larger frames are split by Vert.x. */
  private static final int MAX_SINGLE_FRAME = 65_536;

  private final String text;
  private final Buffer utf8;

  SharedTextFrame(String text) {
    this.text = text;
    this.utf8 = Buffer.buffer(text);
  }

  String text() {
    return text;
  }

  /** Writes this frame to one socket. */
  void writeTo(ServerWebSocket socket) {
    if (utf8.length() > MAX_SINGLE_FRAME) {
      socket.writeTextMessage(text);
      return;
    }
    socket.writeFrame(
        new WebSocketFrameImpl(
            WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true));
  }
}
