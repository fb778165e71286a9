package dev.chorus.example;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in chat platform for the example collector: a TCP server speaking newline-delimited JSON.
 * Every line it broadcasts reaches every connected collector (as a channel's messages reach every
 * bot joined to it); every line a collector sends back is a reply, queued for the test.
 */
final class ExamplePlatform implements AutoCloseable {

  private final Vertx vertx;
  private final NetServer server;
  private final List<NetSocket> clients = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

  ExamplePlatform(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.server =
        vertx
            .createNetServer()
            .connectHandler(
                socket -> {
                  clients.add(socket);
                  socket.closeHandler(v -> clients.remove(socket));
                  socket.handler(
                      RecordParser.newDelimited("\n", line -> received.add(line.toString())));
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  int connected() {
    return clients.size();
  }

  void broadcast(String line) {
    vertx.runOnContext(v -> clients.forEach(c -> c.write(line + "\n")));
  }

  /** The next line a collector sent, or {@code null} after {@code millis}. */
  String poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    server.close().await();
  }
}
