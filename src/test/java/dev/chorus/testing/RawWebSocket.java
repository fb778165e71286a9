package dev.chorus.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;

/**
 * A WebSocket client on a plain blocking socket, for hostile-client tests: it writes any frame a
 * client could (fragments, reserved bits, compressed payloads that inflate to anything, invalid
 * UTF-8) and reads the server's frames and close code byte by byte. Use it from the test thread.
 */
public final class RawWebSocket implements AutoCloseable {

  public static final int TEXT = 1;
  public static final int BINARY = 2;
  public static final int CONTINUATION = 0;
  public static final int CLOSE = 8;

  /** A frame from the server. */
  public record Frame(int opcode, boolean fin, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame (1005 when it carries none). */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final boolean deflate;
  private final java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);

  private RawWebSocket(Socket socket, boolean deflate) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.deflate = deflate;
  }

  /**
   * Connects to {@code /ws/chat} on loopback.
   *
   * @param offerDeflate offer permessage-deflate (without context takeover)
   * @param receiveBuffer the socket's receive buffer in bytes, 0 for the system's
   */
  public static RawWebSocket connect(int port, boolean offerDeflate, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(10_000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request =
        "GET /ws/chat HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\nSec-WebSocket-Version: 13\r\n"
            + (offerDeflate
                ? "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n"
                : "")
            + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    String head = readHead(socket.getInputStream());
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("upgrade refused: " + head);
    }
    boolean deflate = head.toLowerCase(java.util.Locale.ROOT).contains("permessage-deflate");
    return new RawWebSocket(socket, deflate);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed during the upgrade");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** True when the server accepted permessage-deflate. */
  public boolean deflateAccepted() {
    return deflate;
  }

  public void sendText(String text) throws IOException {
    sendFrame(true, TEXT, false, text.getBytes(StandardCharsets.UTF_8));
  }

  /** One text message, compressed with permessage-deflate (reserved bit 1 set). */
  public void sendCompressed(byte[] uncompressed) throws IOException {
    sendFrame(true, TEXT, true, compress(uncompressed));
  }

  /** Raw deflate of {@code data} as permessage-deflate carries it (the sync-flush tail removed). */
  public static byte[] compress(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    int n;
    while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(chunk, 0, n);
      if (n < chunk.length && deflater.needsInput()) {
        break;
      }
    }
    deflater.end();
    byte[] bytes = out.toByteArray();
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  /** Writes one masked frame exactly as given. */
  public void sendFrame(boolean fin, int opcode, boolean rsv1, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    frame.write(masked);
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next frame from the server; fails after 10 s. */
  public Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if (length > 16 * 1024 * 1024) {
      throw new IOException("server frame of " + length + " bytes");
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    if ((b0 & 0x40) != 0 && deflate) {
      payload = inflate(payload);
    }
    return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
  }

  /** Inflates a compressed server message (the server may keep its context between messages). */
  private byte[] inflate(byte[] compressed) throws IOException {
    byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
    input[compressed.length + 2] = (byte) 0xff;
    input[compressed.length + 3] = (byte) 0xff;
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = inflater.inflate(chunk)) > 0) {
        out.write(chunk, 0, n);
      }
    } catch (java.util.zip.DataFormatException e) {
      throw new IOException("server sent a bad compressed frame", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads until the server's close frame and returns its code; -1 when the connection ended without
   * one.
   */
  public int awaitClose() throws IOException {
    try {
      while (true) {
        Frame frame = read();
        if (frame.opcode() == CLOSE) {
          return frame.closeCode();
        }
      }
    } catch (EOFException | java.net.SocketException e) {
      return -1;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close within 10 s", e);
    }
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    socket.close();
  }
}
