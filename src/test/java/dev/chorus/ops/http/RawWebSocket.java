package dev.chorus.ops.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what a hostile client does and a library client will
 * not: any {@code Host} and {@code Origin} header, and text frames whose bytes are not UTF-8.
 * Blocking, with a read timeout on every call, so a test cannot hang.
 */
final class RawWebSocket implements Closeable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  final int status;
  final Map<String, String> headers;
  final String body;

  private RawWebSocket(
      Socket socket, DataInputStream in, int status, Map<String, String> headers, String body)
      throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /**
   * Sends an upgrade request for {@code path} to 127.0.0.1:{@code port} with {@code host} as the
   * {@code Host} header and {@code origin} (or none) as {@code Origin}; reads the response head
   * (and, when it is not 101, its body).
   */
  static RawWebSocket open(int port, String path, String host, String origin) throws IOException {
    return open("127.0.0.1", port, path, host, origin);
  }

  /** The same from the local address {@code from} (another loopback address: another client). */
  static RawWebSocket open(String from, int port, String path, String host, String origin)
      throws IOException {
    return open(from, port, path, host, origin, Map.of());
  }

  /** The same with {@code extra} request headers (e.g. a proxy's {@code X-Forwarded-For}). */
  static RawWebSocket open(
      String from, int port, String path, String host, String origin, Map<String, String> extra)
      throws IOException {
    Socket socket =
        new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0);
    socket.setSoTimeout(15_000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    StringBuilder request =
        new StringBuilder()
            .append("GET ")
            .append(path)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(host)
            .append("\r\n")
            .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: ")
            .append(Base64.getEncoder().encodeToString(nonce))
            .append("\r\nSec-WebSocket-Version: 13\r\n");
    if (origin != null) {
      request.append("Origin: ").append(origin).append("\r\n");
    }
    extra.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    String body = "";
    if (status != 101 && headers.containsKey("content-length")) {
      byte[] bytes = new byte[Integer.parseInt(headers.get("content-length"))];
      in.readFully(bytes);
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    return new RawWebSocket(socket, in, status, headers, body);
  }

  /** Sends one whole, masked frame of {@code opcode} carrying exactly {@code payload}. */
  void send(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** A text frame with these raw bytes (valid UTF-8 or not). */
  void sendText(byte[] bytes) throws IOException {
    send(0x1, bytes);
  }

  /**
   * Reads frames (answering pings) until the server's close frame and returns its status code; -1
   * when the connection ends without one, -2 when none came within the read timeout (overall, not
   * per frame).
   */
  int awaitClose() throws IOException {
    long deadline = System.currentTimeMillis() + socket.getSoTimeout();
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return -2;
        }
        socket.setSoTimeout((int) left);
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        int opcode = first & 0x0f;
        if (opcode == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
        if (opcode == 0x9) {
          send(0xA, payload); // answer pings like a browser
        }
      }
    } catch (EOFException e) {
      return -1;
    } catch (SocketTimeoutException e) {
      return -2;
    }
  }

  /** True when the server closed the TCP connection within the read timeout. */
  boolean closedByServer() throws IOException {
    long deadline = System.currentTimeMillis() + socket.getSoTimeout();
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) left);
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed in the response head");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
