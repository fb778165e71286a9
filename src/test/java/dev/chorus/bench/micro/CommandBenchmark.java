package dev.chorus.bench.micro;

import dev.chorus.command.CommandInvocation;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The command stage's parsing: a bare command, one with arguments, and plain chat (not a command).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandBenchmark {

  @Benchmark
  public Optional<CommandInvocation> parsePing() {
    return CommandInvocation.parse("!ping", "!");
  }

  @Benchmark
  public Optional<CommandInvocation> parseWithArgs() {
    return CommandInvocation.parse("!so   @somebody  thanks for the raid", "!");
  }

  @Benchmark
  public Optional<CommandInvocation> parsePlainChat() {
    return CommandInvocation.parse("hello everyone, how is the stream going?", "!");
  }
}
