package dev.chorus.overlay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client that completes the handshake and then never reads again, with a small receive
 * window: what a frozen OBS source looks like to the server.
 */
final class StalledClient implements AutoCloseable {

  private final Socket socket;

  private StalledClient(Socket socket) {
    this.socket = socket;
  }

  static StalledClient open(int port, String community, String token) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    String key =
        Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    String request =
        "GET /ws/overlay/"
            + community
            + "?token="
            + token
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
    return new StalledClient(socket);
  }

  /**
   * Reads what is left (the queued frames, then the close frame) until the server ends the
   * connection: it does once its closing handshake times out, as this client never answers it.
   */
  boolean closedByServer() throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (in.read(buffer) < 0) {
          return true;
        }
      } catch (java.net.SocketTimeoutException e) {
        // nothing yet: the server is still waiting for the close handshake
      } catch (java.net.SocketException e) {
        return true; // reset by the server
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
