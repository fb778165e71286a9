package dev.chorus.bench.micro;

import dev.chorus.collector.gateway.ChatFrame;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The web-chat gateway's per-frame work: normalization of a client frame into an envelope. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GatewayBenchmark {

  private final Instant now = Instant.now();

  @Benchmark
  public ChatFrame.Parsed parseChatFrame() {
    return ChatFrame.parse(Fixtures.FRAME, 65536, 500, now, "gw-1");
  }
}
