package dev.chorus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The overlay benchmark's clients: {@code n} WebSockets on one URI of a loopback server, each
 * recording the latency of every text frame that carries {@code t=<System.nanoTime()>} of its
 * publish. Used in the benchmark's JVM ({@code --clients-in jvm}) or, by default, as the main class
 * of a second JVM the benchmark starts, so that the server's CPU is its own. {@code nanoTime} is
 * the machine's monotonic clock on Linux, the same in both processes.
 *
 * <p>Second-JVM protocol, one line each way: the process connects and prints {@code connected <n>
 * <ms>}; reads {@code measure <nanos>} (frames published from then on are counted), then {@code
 * finish <expected>} and prints {@code result <received> <p50> <p90> <p99> <p99.9> <max>}
 * (nanoseconds) and exits. It also exits when its input closes or after {@code maxSeconds}.
 */
public final class OverlayBenchClients implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final Recorder recorder = new Recorder(3_600_000_000_000L, 3);
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
  private final List<WebSocket> sockets = new ArrayList<>();

  /** Connects {@code n} clients (200 at a time); returns how long it took in ms. */
  public long connect(String host, int port, String uri, int n) throws Exception {
    WebSocketClient ws =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 10));
    long start = System.nanoTime();
    for (int batch = 0; batch < n; batch += 200) {
      List<Future<WebSocket>> connecting = new ArrayList<>();
      for (int i = batch; i < Math.min(n, batch + 200); i++) {
        connecting.add(
            ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)));
      }
      for (Future<WebSocket> f : connecting) {
        WebSocket socket = f.await(30, TimeUnit.SECONDS);
        socket.textMessageHandler(this::onText);
        sockets.add(socket);
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private void onText(String text) {
    int at = text.indexOf("t=");
    if (at < 0) {
      return; // hello
    }
    long now = System.nanoTime();
    int end = text.indexOf('"', at);
    long sent = Long.parseLong(text, at + 2, end, 10);
    if (sent >= measuring.get()) {
      recorder.recordValue(Math.max(0, now - sent));
      received.incrementAndGet();
    }
  }

  /** Counts the frames published at or after {@code nanos}. */
  public void measureFrom(long nanos) {
    recorder.reset();
    measuring.set(nanos);
  }

  /** Waits up to 10 s for {@code expected} frames; returns what arrived. */
  public Result finish(long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (received.get() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Histogram h = recorder.getIntervalHistogram();
    return new Result(
        received.get(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue());
  }

  public int connected() {
    return sockets.size();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /** Frames received and latency percentiles in nanoseconds. */
  public record Result(long received, long p50, long p90, long p99, long p999, long max) {
    String line() {
      return String.format(
          Locale.ROOT, "result %d %d %d %d %d %d", received, p50, p90, p99, p999, max);
    }

    static Result parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 7 || !f[0].equals("result")) {
        throw new IllegalStateException("unexpected answer from the client process: " + line);
      }
      return new Result(
          Long.parseLong(f[1]),
          Long.parseLong(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Long.parseLong(f[6]));
    }
  }

  /** {@code host port uri clients maxSeconds}. */
  public static void main(String[] argv) throws Exception {
    String host = argv[0];
    int port = Integer.parseInt(argv[1]);
    String uri = argv[2];
    int n = Integer.parseInt(argv[3]);
    long maxSeconds = Long.parseLong(argv[4]);
    Thread limit =
        new Thread(
            () -> {
              try {
                Thread.sleep(maxSeconds * 1000);
              } catch (InterruptedException e) {
                return;
              }
              System.err.println("overlay bench clients: time limit reached, exiting");
              Runtime.getRuntime().halt(2);
            },
            "time-limit");
    limit.setDaemon(true);
    limit.start();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (OverlayBenchClients clients = new OverlayBenchClients()) {
      long ms = clients.connect(host, port, uri, n);
      System.out.println("connected " + clients.connected() + " " + ms);
      System.out.flush();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("measure ")) {
          clients.measureFrom(Long.parseLong(line.substring(8).trim()));
        } else if (line.startsWith("finish ")) {
          System.out.println(clients.finish(Long.parseLong(line.substring(7).trim())).line());
          System.out.flush();
          break;
        }
      }
    }
    System.exit(0);
  }
}
