package dev.chorus.bench.micro;

import dev.chorus.event.Ids;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/** Time-ordered ids: one per event and per reply, from every event loop (so also contended). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdsBenchmark {

  @Benchmark
  public String next() {
    return Ids.next();
  }

  @Benchmark
  @Threads(2)
  public String nextTwoThreads() {
    return Ids.next();
  }
}
