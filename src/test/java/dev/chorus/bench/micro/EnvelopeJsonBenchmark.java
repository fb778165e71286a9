package dev.chorus.bench.micro;

import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The envelope's wire format: what clustered delivery and every log row pay. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeJsonBenchmark {

  private final Envelope envelope = Fixtures.envelope();
  private final byte[] json = EnvelopeJson.encode(envelope);

  @Benchmark
  public byte[] encode() {
    return EnvelopeJson.encode(envelope);
  }

  @Benchmark
  public String encodeToString() {
    return EnvelopeJson.encodeToString(envelope);
  }

  @Benchmark
  public Envelope decode() {
    return EnvelopeJson.decode(json);
  }
}
