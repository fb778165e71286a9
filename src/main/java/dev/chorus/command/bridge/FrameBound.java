package dev.chorus.command.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of the TCP bridge's own frame parser (which buffers any length a peer announces)
 * and passes only whole, well-formed frames: a length of 0 to {@code maxFrameBytes}, a JSON object,
 * a known {@code type}, {@code headers} an object and {@code address} a string when present.
 * Anything else is answered with an {@code err} frame ({@code frame_too_large} or {@code
 * invalid_frame: <why>}) and the connection is closed; the announced length is never allocated.
 */
final class FrameBound extends ByteToMessageDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(FrameBound.class);

  private final int maxFrameBytes;
  private boolean refused;

  FrameBound(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (refused) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= 4) {
      int length = in.getInt(in.readerIndex());
      if (length < 0 || length > maxFrameBytes) {
        refuse(
            ctx, in, "frame_too_large", "announced " + Integer.toUnsignedLong(length) + " bytes");
        return;
      }
      if (in.readableBytes() < 4 + length) {
        return; // wait for the rest; at most maxFrameBytes + 4 are held
      }
      String problem = problem(in.toString(in.readerIndex() + 4, length, StandardCharsets.UTF_8));
      if (problem != null) {
        refuse(ctx, in, "invalid_frame: " + problem, problem);
        return;
      }
      out.add(in.readRetainedSlice(4 + length));
    }
  }

  /** Why {@code json} is not a bridge frame, or {@code null}. */
  static String problem(String json) {
    JsonObject frame;
    try {
      frame = new JsonObject(json);
    } catch (RuntimeException e) {
      return "not a JSON object";
    }
    Object type = frame.getValue("type");
    if (!(type instanceof String t) || !BridgeAccess.TYPES.contains(t)) {
      return "unknown type";
    }
    if (frame.containsKey("headers") && !(frame.getValue("headers") instanceof JsonObject)) {
      return "headers must be an object";
    }
    if (frame.containsKey("address") && !(frame.getValue("address") instanceof String)) {
      return "address must be a string";
    }
    if (frame.containsKey("replyAddress") && !(frame.getValue("replyAddress") instanceof String)) {
      return "replyAddress must be a string";
    }
    return null;
  }

  private void refuse(ChannelHandlerContext ctx, ByteBuf in, String code, String why) {
    refused = true;
    in.skipBytes(in.readableBytes());
    LOG.warn(
        "command module bridge: frame refused from {} and connection closed: {}",
        ctx.channel().remoteAddress(),
        why);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(BridgeVerticle.errorFrame(code)))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
