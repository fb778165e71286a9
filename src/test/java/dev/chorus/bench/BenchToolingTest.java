package dev.chorus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark tooling itself (not a benchmark, no timing assertions): the spread over rounds, the
 * per-stage budget read from the router's real stage histograms, and the web-chat benchmark pointed
 * by URL at a Chorus that is already running on loopback, its log checked through the admin API.
 * Lives beside the benchmarks, so the suite's {@code **}{@code /bench/**} exclusion skips it: run
 * it with {@code -Dtest=BenchToolingTest}.
 */
class BenchToolingTest {

  @TempDir Path dataDir;

  @Test
  void spreadIsMinMedianMax() {
    Report.Spread odd = Report.Spread.of(List.of(3.0, 1.0, 2.0));
    assertEquals(new Report.Spread(1.0, 2.0, 3.0), odd);
    Report.Spread even = Report.Spread.of(List.of(4.0, 1.0, 2.0, 10.0));
    assertEquals(new Report.Spread(1.0, 3.0, 10.0), even);
    assertEquals("0.26 / 0.30 / 0.34", Report.Spread.of(List.of(0.34, 0.26, 0.30)).ratios());
    assertEquals("-", Report.Spread.of(List.of()).text(), "no rounds measured, no numbers");
  }

  @Test
  void budgetOfAWindowComesFromTheRoutersStageHistograms() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ChorusMetrics metrics = new ChorusMetrics(registry);
    // Before the window: work that must not count.
    metrics.stageLatency("identity", "ok", 50_000_000L);
    String before = registry.scrape();
    for (int i = 0; i < 100; i++) {
      metrics.stageLatency("identity", "ok", 100_000L); // 0.1 ms
      metrics.stageLatency("command", "ok", 1_000_000L); // 1 ms
      metrics.stageLatency("knowledge", "skipped", 20_000L);
    }
    metrics.stageLatency("command", "retried", 1_000_000L);
    String after = registry.scrape();

    // 100 events of 2 ms each as the client saw them.
    StageBudget budget = StageBudget.between(before, after, 100, 2.0);

    assertEquals(100, budget.stages().get("identity").calls());
    assertEquals(101, budget.stages().get("command").calls(), "outcomes are summed");
    assertEquals(0.1, budget.perEventMs("identity"), 0.001);
    assertEquals(1.01, budget.perEventMs("command"), 0.001);
    assertEquals(0.505, budget.share("command"), 0.001);
    double p99 = budget.stages().get("command").quantile(0.99) * 1000;
    assertTrue(p99 >= 1.0 && p99 < 1.5, "p99 is the bound of the bucket holding 1 ms: " + p99);
    String table = budget.table(List.of("identity", "moderation", "command", "knowledge"), "x");
    assertTrue(
        table.indexOf("| identity |") < table.indexOf("| command |")
            && table.indexOf("| command |") < table.indexOf("| knowledge |"),
        table);
    assertTrue(table.contains("| 50.5 % |"), table);

    String unknown = StageBudget.between(before, after, 0, 0).table(List.of(), "reply latency");
    assertTrue(unknown.contains("no reply latency measured"), unknown);
    assertTrue(
        unknown.contains(
            "| outside the stages (queues, router, journal, transport) | | | | | - | - |"),
        unknown);

    StageBudget twice = budget.plus(budget);
    assertEquals(200, twice.events());
    assertEquals(0.505, twice.share("command"), 0.001);
  }

  @Test
  void webChatBenchmarkDrivesARunningServerByUrlAndChecksItsLog() throws Exception {
    Chorus chorus = TestChorus.start(dataDir);
    try {
      String url = "ws://127.0.0.1:" + chorus.httpPort() + "/ws/chat";
      Path report = Path.of("target", "bench", "webchat.md");
      Files.deleteIfExists(report);
      WebChatBenchmark.main(
          new String[] {
            "--url " + url,
            "--admin-key " + TestChorus.ADMIN_KEY,
            "--community load",
            "--rates 100 --rounds 2 --connections 2 --users 3",
            "--warmup 200ms --duration 800ms --drain 10s"
          });
      String md = Files.readString(report);
      assertTrue(md.contains("Chorus already running at " + url), md);
      // Each round's newest acknowledged events (all 100 of a round) are in the log.
      assertEquals(2, md.split("\\| 0 of newest 100 ", -1).length - 1, md);
      assertTrue(md.contains("| identity |") && md.contains("| command |"), md);
      assertTrue(md.contains("| 100/s | accepted/s |"), md);
    } finally {
      chorus.stop().await();
    }
  }

  @Test
  void hostileTargetsAreRefusedClearly() throws Exception {
    Vertx vertx = Vertx.vertx();
    Chorus chorus = TestChorus.start(dataDir);
    try {
      IllegalArgumentException scheme =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  WebChatTransport.forUrl(
                      vertx, URI.create("http://127.0.0.1:1/ws/chat"), "load", 1, "!ping"));
      assertTrue(scheme.getMessage().contains("ws://host:port"), scheme.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> WebChatTransport.forUrl(vertx, URI.create("ws://127.0.0.1/ws/chat"), "l", 1, "x"));
      String base = "http://127.0.0.1:" + chorus.httpPort();
      IllegalStateException wrongKey =
          assertThrows(
              IllegalStateException.class,
              () -> AdminLogCheck.against(base, "not-the-key", "load", List.of("x")));
      assertTrue(wrongKey.getMessage().contains("401"), wrongKey.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> PipelineRounds.Flags.from(new Args(new String[] {"--set nokey"}), 1));
      assertThrows(
          IllegalArgumentException.class,
          () -> PipelineRounds.Flags.from(new Args(new String[] {"--rounds 0"}), 1));
      // An event that is not in the log is reported missing.
      AdminLogCheck none =
          AdminLogCheck.against(
              base, TestChorus.ADMIN_KEY, "load", List.of("00000000-0000-7000-8000-000000000000"));
      assertEquals(new AdminLogCheck(1, 1, 0), none);
    } finally {
      chorus.stop().await();
      vertx.close().await();
    }
  }
}
