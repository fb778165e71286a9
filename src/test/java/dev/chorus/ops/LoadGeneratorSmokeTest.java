package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.bench.LoadGenerator;
import dev.chorus.bench.LogCheck;
import dev.chorus.bench.WebChatTransport;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's load generator, for about a second at a low rate against an in-process Chorus:
 * every event is acknowledged, answered and in the interaction log. No timing assertions.
 */
class LoadGeneratorSmokeTest {

  @TempDir Path dataDir;

  @Test
  void everyEventIsAcknowledgedAnsweredAndLogged() throws Exception {
    Chorus chorus = TestChorus.start(dataDir);
    Vertx client = Vertx.vertx();
    try {
      WebChatTransport transport =
          new WebChatTransport(client, "127.0.0.1", chorus.httpPort(), "smoke", 5, "!ping");
      LoadGenerator.Options options =
          new LoadGenerator.Options(
              4,
              200,
              Duration.ofMillis(200),
              Duration.ofMillis(800),
              1,
              10_000,
              Duration.ofSeconds(5),
              true);
      LoadGenerator.Result result = new LoadGenerator(transport, options).run();

      assertEquals(200, result.sent(), result.summary());
      assertEquals(0, result.errorCount(), result.summary());
      assertEquals(0, result.unanswered(), result.summary());
      assertEquals(result.sent(), result.acknowledged(), result.summary());
      assertEquals(result.acknowledged(), result.replied(), result.summary());
      LogCheck log = LogCheck.against(dataDir, "smoke", result, transport::seqOf);
      assertEquals(0, log.missing(), log.toString());
      assertEquals(result.acknowledged(), log.logged(), log.toString());
    } finally {
      client.close().await();
      chorus.stop().await();
    }
  }
}
