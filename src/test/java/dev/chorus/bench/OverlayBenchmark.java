package dev.chorus.bench;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.ops.Chorus;
import dev.chorus.overlay.OverlayTokens;
import dev.chorus.testing.OverlayClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Overlay broadcast latency: {@code --clients} overlay WebSockets on one community of one Chorus
 * process, {@code --rate} finished events per second published as the router publishes them ({@code
 * chorus.overlay}), latency from that publish to each client's receipt (same JVM, so the clocks
 * agree). Everything on loopback; the clients run on their own Vert.x instance.
 *
 * <pre>
 * mvn -o -q -Pbench test-compile exec:exec@bench-overlay -Dbench.args="--clients 2000 --rate 50"
 * </pre>
 */
public final class OverlayBenchmark {

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int clients = args.integer("clients", 2_000);
    int rate = args.integer("rate", 50);
    int seconds = args.integer("seconds", 20);
    int warmup = args.integer("warmup", 5);
    int httpInstances = args.integer("http-instances", 1);
    Path data = Files.createTempDirectory("chorus-overlay-bench-");
    Chorus chorus =
        TestChorus.start(
            data,
            Map.of("log.maxQueue", "100000", "http.instances", String.valueOf(httpInstances)));
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      String community = "bench";
      String token = OverlayTokens.newToken(new SecureRandom());
      chorus
          .port(OverlayTokens.class)
          .put(community, OverlayTokens.hash(token))
          .await(10, TimeUnit.SECONDS);
      WebSocketClient ws =
          clientVertx.createWebSocketClient(
              new WebSocketClientOptions().setMaxConnections(clients + 10));
      Recorder recorder = new Recorder(3_600_000_000_000L, 3);
      AtomicLong received = new AtomicLong();
      AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
      List<WebSocket> sockets = new ArrayList<>();
      long connectStart = System.nanoTime();
      for (int batch = 0; batch < clients; batch += 200) {
        List<Future<WebSocket>> connecting = new ArrayList<>();
        for (int i = batch; i < Math.min(clients, batch + 200); i++) {
          connecting.add(
              ws.connect(OverlayClient.options(chorus.httpPort(), community, token, -1, null)));
        }
        for (Future<WebSocket> f : connecting) {
          WebSocket socket = f.await(30, TimeUnit.SECONDS);
          socket.textMessageHandler(
              text -> {
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
              });
          sockets.add(socket);
        }
      }
      long connectMs = (System.nanoTime() - connectStart) / 1_000_000;
      long periodNanos = 1_000_000_000L / rate;
      long start = System.nanoTime();
      long total = (long) (warmup + seconds) * rate;
      long published = 0;
      long measured = 0;
      for (long i = 0; i < total; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (i == (long) warmup * rate) {
          recorder.reset();
          measuring.set(System.nanoTime());
        }
        long now = System.nanoTime();
        chorus.vertx().eventBus().publish(Addresses.OVERLAY, event(community, now, i));
        published++;
        if (now >= measuring.get()) {
          measured++;
        }
      }
      long expected = measured * clients;
      long deadline = System.currentTimeMillis() + 10_000;
      while (received.get() < expected && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      var h = recorder.getIntervalHistogram();
      var dropped = chorus.metrics().registry().find(ChorusMetrics.OVERLAY_DROPPED).counter();
      String report =
          String.format(
              Locale.ROOT,
              "## Overlay broadcast (%s)%n%n"
                  + "%d clients, %d events/s, %d HTTP instances, %d s measured after %d s warm-up;"
                  + " %d clients connected in %d ms.%n%n"
                  + "| frames delivered | expected | dropped clients | p50 ms | p90 ms | p99 ms |"
                  + " p99.9 ms | max ms |%n|---:|---:|---:|---:|---:|---:|---:|---:|%n"
                  + "| %,d | %,d | %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
              Report.machine(),
              clients,
              rate,
              httpInstances,
              seconds,
              warmup,
              sockets.size(),
              connectMs,
              received.get(),
              expected,
              dropped == null ? 0 : (long) dropped.count(),
              h.getValueAtPercentile(50) / 1e6,
              h.getValueAtPercentile(90) / 1e6,
              h.getValueAtPercentile(99) / 1e6,
              h.getValueAtPercentile(99.9) / 1e6,
              h.getMaxValue() / 1e6);
      Report.write("overlay", report);
      System.out.println("published " + published);
    } finally {
      clientVertx.close().await(30, TimeUnit.SECONDS);
      chorus.stop().await(30, TimeUnit.SECONDS);
    }
  }

  private static Envelope event(String community, long nanos, long n) {
    return Envelope.accepted(
        EventType.CHAT_MESSAGE,
        community,
        "twitch",
        new Channel(community, community),
        new Author("u" + (n % 50), "viewer" + (n % 50), "Viewer " + (n % 50), List.of()),
        "message " + n + " t=" + nanos,
        Instant.now(),
        "bench");
  }
}
