package dev.chorus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a real service (PostgreSQL, Redis), so that a test can take the
 * service away from the code under test without touching the service: {@link #down} refuses new
 * connections and cuts the open ones, {@link #freeze} keeps the connections but passes no byte (a
 * frozen server), {@link #up} serves again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private volatile boolean frozen;

  private TcpProxy(String targetHost, int targetPort, int port) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = port;
  }

  /** A relay on a free loopback port to {@code host:port}, serving. */
  public static TcpProxy start(String host, int port) throws IOException {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    TcpProxy proxy = new TcpProxy(host, port, free);
    proxy.up();
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Serves: accepts connections again, and lets bytes through. */
  public synchronized void up() throws IOException {
    frozen = false;
    synchronized (this) {
      notifyAll();
    }
    if (server != null) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    server = s;
    Thread acceptor = new Thread(() -> accept(s), "proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Connections are refused, and the open ones are cut. */
  public synchronized void down() {
    ServerSocket s = server;
    server = null;
    closeQuietly(s);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /** Open connections stay, but no byte passes either way until {@link #up}. */
  public void freeze() {
    frozen = true;
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket target = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(target);
        pump(client, target);
        pump(target, client);
      } catch (IOException e) {
        return; // closed by down()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16_384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  waitWhileFrozen();
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException ignored) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-pump-" + port);
    t.setDaemon(true);
    t.start();
  }

  private synchronized void waitWhileFrozen() throws InterruptedException {
    while (frozen) {
      wait(100);
    }
  }

  @Override
  public void close() {
    down();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
