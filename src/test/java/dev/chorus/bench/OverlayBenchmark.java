package dev.chorus.bench;

import dev.chorus.access.ApiKeys;
import dev.chorus.access.Scope;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.OverlayClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongBinaryOperator;

/**
 * Overlay broadcast latency: {@code --clients} overlay WebSockets on one community, {@code --rate}
 * finished events per second, latency from the publish to each client's receipt, against two
 * servers in the same run:
 *
 * <ul>
 *   <li><b>bare</b>: a Vert.x WebSocket server on one event loop that writes each event's text to
 *       every socket with {@code writeFinalTextFrame} — the simplest correct broadcast;
 *   <li><b>Chorus</b>: one Chorus process (embedded profile); events are published on {@code
 *       chorus.overlay} as the router publishes them, so the path is sequencer, {@code
 *       chorus.overlay.frames}, the feed's fan-out.
 * </ul>
 *
 * <p>The clients ({@link OverlayBenchClients}) run by default in a second JVM started here
 * (loopback, time-limited, ends when told or when its input closes), so the server's CPU is its
 * own; {@code --clients-in jvm} keeps them in this JVM on their own Vert.x instance.
 *
 * <pre>
 * mvn -o -q -Pbench test-compile exec:exec@bench-overlay -Dbench.args="--clients 2000 --rate 50"
 * </pre>
 */
public final class OverlayBenchmark {

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Settings s =
        new Settings(
            args.integer("clients", 2_000),
            args.integer("rate", 50),
            args.integer("seconds", 20),
            Math.max(1, args.integer("warmup", 5)),
            args.integer("http-instances", 1),
            args.string("clients-in", "process"));
    List<String> servers = args.list("servers", "bare,chorus");
    String load0 = loadAverage();
    List<Row> rows = new ArrayList<>();
    for (String server : servers) {
      rows.add(server.equals("bare") ? runBare(s) : runChorus(s));
    }
    String load1 = loadAverage();
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "## Overlay broadcast (%s)%n%n%d clients (%s), %d events/s, %d HTTP instances,"
                + " %d s measured after %d s warm-up; load average before %s, after %s.%n%n"
                + "| server | connected | frames delivered | expected | dropped clients | p50 ms |"
                + " p90 ms | p99 ms | p99.9 ms | max ms |%n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n",
            Report.machine(),
            s.clients,
            s.clientsIn.equals("jvm") ? "same JVM" : "second JVM",
            s.rate,
            s.httpInstances,
            s.seconds,
            s.warmup,
            load0,
            load1));
    for (Row r : rows) {
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %d in %d ms | %,d | %,d | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
              r.server,
              r.connected,
              r.connectMs,
              r.result.received(),
              r.expected,
              r.dropped,
              r.result.p50() / 1e6,
              r.result.p90() / 1e6,
              r.result.p99() / 1e6,
              r.result.p999() / 1e6,
              r.result.max() / 1e6));
    }
    if (rows.size() == 2) {
      OverlayBenchClients.Result b = rows.get(0).result;
      OverlayBenchClients.Result c = rows.get(1).result;
      report.append(
          String.format(
              Locale.ROOT,
              "| **%s ÷ %s** | | %s | | | %s | %s | %s | %s | %s |%n",
              rows.get(1).server,
              rows.get(0).server,
              Report.ratio(c.received(), b.received()),
              Report.ratio(c.p50(), b.p50()),
              Report.ratio(c.p90(), b.p90()),
              Report.ratio(c.p99(), b.p99()),
              Report.ratio(c.p999(), b.p999()),
              Report.ratio(c.max(), b.max())));
    }
    Report.write("overlay", report.toString());
  }

  record Settings(
      int clients, int rate, int seconds, int warmup, int httpInstances, String clientsIn) {}

  record Row(
      String server,
      int connected,
      long connectMs,
      long expected,
      String dropped,
      OverlayBenchClients.Result result) {}

  private static Row runChorus(Settings s) throws Exception {
    Path data = Files.createTempDirectory("chorus-overlay-bench-");
    Chorus chorus =
        TestChorus.start(
            data,
            Map.of("log.maxQueue", "100000", "http.instances", String.valueOf(s.httpInstances)));
    try {
      String community = "bench";
      String token =
          chorus
              .port(ApiKeys.class)
              .issue(Scope.OVERLAY, community, "bench", new SecureRandom(), Instant.now())
              .await(10, TimeUnit.SECONDS)
              .secret();
      String uri = OverlayClient.options(chorus.httpPort(), community, token, -1, null).getURI();
      Row row =
          drive(
              "Chorus",
              s,
              chorus.httpPort(),
              uri,
              (nanos, i) -> {
                chorus.vertx().eventBus().publish(Addresses.OVERLAY, event(community, nanos, i));
                return 0;
              });
      var dropped = chorus.metrics().registry().find(ChorusMetrics.OVERLAY_DROPPED).counter();
      return new Row(
          row.server,
          row.connected,
          row.connectMs,
          row.expected,
          String.valueOf(dropped == null ? 0 : (long) dropped.count()),
          row.result);
    } finally {
      chorus.stop().await(30, TimeUnit.SECONDS);
    }
  }

  private static Row runBare(Settings s) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      List<ServerWebSocket> sockets = new ArrayList<>();
      CompletableFuture<Context> started = new CompletableFuture<>();
      vertx.runOnContext(
          v -> {
            HttpServer server =
                vertx
                    .createHttpServer()
                    .webSocketHandler(
                        ws -> {
                          sockets.add(ws);
                          ws.handler(ignored -> {});
                          ws.closeHandler(x -> sockets.remove(ws));
                          ws.writeFinalTextFrame(
                              new JsonObject().put("type", "hello").put("seq", 0).encode());
                        });
            server
                .listen(0, "127.0.0.1")
                .onSuccess(
                    srv -> {
                      BARE_PORT[0] = srv.actualPort();
                      started.complete(vertx.getOrCreateContext());
                    })
                .onFailure(started::completeExceptionally);
          });
      Context context = started.get(30, TimeUnit.SECONDS);
      return drive(
          "bare Vert.x",
          s,
          BARE_PORT[0],
          "/ws/overlay/bench",
          (nanos, i) -> {
            context.runOnContext(
                v -> {
                  // the frame a Chorus chat line becomes, built and encoded once per event
                  String text = bareFrame(nanos, i).encode();
                  for (ServerWebSocket ws : sockets) {
                    ws.writeFinalTextFrame(text);
                  }
                });
            return 0;
          });
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static final int[] BARE_PORT = new int[1];

  /** Connects the clients, publishes at the rate, and collects their latencies. */
  private static Row drive(
      String server, Settings s, int port, String uri, LongBinaryOperator publish)
      throws Exception {
    try (Clients clients =
        s.clientsIn.equals("jvm")
            ? new InJvm(new OverlayBenchClients())
            : ClientProcess.start(
                port, uri, s.clients, 120L + 3L * (s.seconds + s.warmup) + s.clients / 50)) {
      long connectMs = clients.connect(port, uri, s.clients);
      long periodNanos = 1_000_000_000L / s.rate;
      long start = System.nanoTime();
      long total = (long) (s.warmup + s.seconds) * s.rate;
      // Measured: the events published from the first one due after the warm-up. The clients are
      // told a second ahead, so a client process has read it before those frames arrive.
      long firstMeasured = (long) s.warmup * s.rate;
      long measuringFrom = start + firstMeasured * periodNanos;
      long measured = 0;
      for (long i = 0; i < total; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (i == Math.max(0, firstMeasured - s.rate)) {
          clients.measureFrom(measuringFrom);
        }
        long now = System.nanoTime();
        publish.applyAsLong(now, i);
        if (now >= measuringFrom) {
          measured++;
        }
      }
      long expected = measured * s.clients;
      OverlayBenchClients.Result result = clients.finish(expected);
      return new Row(server, clients.connected(), connectMs, expected, "-", result);
    }
  }

  /** Where the clients run. */
  interface Clients extends AutoCloseable {
    long connect(int port, String uri, int n) throws Exception;

    void measureFrom(long nanos) throws Exception;

    OverlayBenchClients.Result finish(long expected) throws Exception;

    int connected();

    @Override
    void close() throws Exception;
  }

  /** The clients in this JVM, on their own Vert.x instance. */
  record InJvm(OverlayBenchClients clients) implements Clients {
    @Override
    public long connect(int port, String uri, int n) throws Exception {
      return clients.connect("127.0.0.1", port, uri, n);
    }

    @Override
    public void measureFrom(long nanos) {
      clients.measureFrom(nanos);
    }

    @Override
    public OverlayBenchClients.Result finish(long expected) throws InterruptedException {
      return clients.finish(expected);
    }

    @Override
    public int connected() {
      return clients.connected();
    }

    @Override
    public void close() throws Exception {
      clients.close();
    }
  }

  /** The clients in a second JVM on the same class path, driven over its standard input. */
  static final class ClientProcess implements Clients {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private int connected;

    private ClientProcess(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ClientProcess start(int port, String uri, int n, long maxSeconds) throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(ServerProcess.JVM_FLAGS);
      cmd.addAll(List.of("-Xmx768m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path")));
      cmd.add(OverlayBenchClients.class.getName());
      cmd.addAll(
          List.of(
              "127.0.0.1",
              String.valueOf(port),
              uri,
              String.valueOf(n),
              String.valueOf(maxSeconds)));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new ClientProcess(p);
    }

    @Override
    public long connect(int port, String uri, int n) throws Exception {
      String line = out.readLine();
      if (line == null || !line.startsWith("connected ")) {
        throw new IllegalStateException("the client process did not connect: " + line);
      }
      String[] f = line.split(" ");
      connected = Integer.parseInt(f[1]);
      return Long.parseLong(f[2]);
    }

    @Override
    public void measureFrom(long nanos) throws Exception {
      in.write("measure " + nanos + "\n");
      in.flush();
    }

    @Override
    public OverlayBenchClients.Result finish(long expected) throws Exception {
      in.write("finish " + expected + "\n");
      in.flush();
      return OverlayBenchClients.Result.parse(String.valueOf(out.readLine()));
    }

    @Override
    public int connected() {
      return connected;
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static JsonObject bareFrame(long nanos, long n) {
    return new JsonObject()
        .put("type", "chat")
        .put("id", "bench-" + n)
        .put("community", "bench")
        .put("at", Instant.now().toString())
        .put("seq", n + 1)
        .put("platform", "twitch")
        .put("channel", "bench")
        .put("channelName", "bench")
        .put(
            "author",
            new JsonObject()
                .put("id", "u" + (n % 50))
                .put("login", "viewer" + (n % 50))
                .put("name", "Viewer " + (n % 50))
                .put("roles", new JsonArray())
                .put("colour", "#1e90ff"))
        .put("text", "message " + n + " t=" + nanos);
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
