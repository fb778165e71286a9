package dev.chorus.ops.http;

import dev.chorus.logging.RateLimitedLog;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Bounds WebSocket decompression on every connection of the HTTP server (decision 031). Vert.x
 * negotiates permessage-deflate with an inflater that has no limit, so one small compressed frame
 * can inflate to hundreds of megabytes on the event loop before any size check. Per connection,
 * this replaces Vert.x's extension handler by one whose inflater stops at the largest message
 * allowed, and closes the connection with 1009 (message too big) when a frame would inflate past
 * it. Compression stays on for well-behaved clients.
 *
 * <p>It reaches into the Netty pipeline of Vert.x's HTTP/1.x connection (handler names {@value
 * #EXTENSIONS} and {@value #VERTX_HANDLER}); when that shape is not there (HTTP/2, compression off,
 * another Vert.x) it changes nothing, and {@code WebChatGuardTest} fails on the bomb.
 */
public final class WebSocketInflateLimit implements Handler<HttpConnection> {

  static final String EXTENSIONS = "webSocketExtensionHandler";
  static final String VERTX_HANDLER = "handler";
  private static final String GUARD = "chorusInflateLimit";
  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(WebSocketInflateLimit.class), 10_000);

  private final HttpServerOptions options;
  private final int maxInflatedBytes;

  /**
   * @param options the server's options (compression level and the context-takeover flags)
   * @param maxInflatedBytes the most one frame may inflate to
   */
  public WebSocketInflateLimit(HttpServerOptions options, int maxInflatedBytes) {
    this.options = options;
    this.maxInflatedBytes = maxInflatedBytes;
  }

  @Override
  public void handle(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(EXTENSIONS) == null || pipeline.get(VERTX_HANDLER) == null) {
      return;
    }
    pipeline.replace(
        EXTENSIONS,
        EXTENSIONS,
        new WebSocketServerExtensionHandler(
            handshakers().toArray(new WebSocketServerExtensionHandshaker[0])));
    pipeline.addBefore(VERTX_HANDLER, GUARD, new CloseWhenTooBig());
  }

  private List<WebSocketServerExtensionHandshaker> handshakers() {
    List<WebSocketServerExtensionHandshaker> list = new ArrayList<>(2);
    int level = options.getWebSocketCompressionLevel();
    if (options.getPerFrameWebSocketCompressionSupported()) {
      list.add(
          new DeflateFrameServerExtensionHandshaker(
              level, WebSocketExtensionFilterProvider.DEFAULT, maxInflatedBytes));
    }
    if (options.getPerMessageWebSocketCompressionSupported()) {
      list.add(
          new PerMessageDeflateServerExtensionHandshaker(
              level,
              ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
              PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
              options.getWebSocketAllowServerNoContext(),
              options.getWebSocketPreferredClientNoContext(),
              maxInflatedBytes));
    }
    return list;
  }

  /**
   * Sits after the inflater: a frame that would inflate past the limit ends the connection with
   * 1009 instead of an exception on the event loop.
   */
  private final class CloseWhenTooBig extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      // Past the negotiated extensions no reserved bit may be left: a client that sets one without
      // having negotiated its meaning breaks the protocol (RFC 6455, 5.2).
      if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
        frame.release();
        closeWith(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set");
        return;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!causedBy(cause, DecompressionException.class)) {
        ctx.fireExceptionCaught(cause);
        return;
      }
      LOG.warn(
          "inflate-limit",
          "closing WebSocket from {}: a frame inflates past {} bytes",
          ctx.channel().remoteAddress(),
          maxInflatedBytes);
      closeWith(
          ctx,
          WebSocketCloseStatus.MESSAGE_TOO_BIG,
          "message larger than " + maxInflatedBytes + " bytes after decompression");
    }
  }

  private static void closeWith(
      ChannelHandlerContext ctx, WebSocketCloseStatus status, String why) {
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(new CloseWebSocketFrame(status, why))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
