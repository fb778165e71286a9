package dev.chorus.bench.micro;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH micro-benchmarks of hot pure functions: one class per area in this package ({@code
 * <Area>Benchmark}); a later stage adds its own class next to them and it is picked up here.
 * Arguments are JMH's own ({@code -h} lists them); with none, every benchmark of this package runs
 * with short, fixed settings (1 fork, 3 × 1 s warm-up, 5 × 1 s measurement). A regex argument
 * narrows the set: {@code ChatFrame}.
 */
public final class MicroBenchmarks {

  private MicroBenchmarks() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli =
        new CommandLineOptions(
            java.util.Arrays.stream(args).filter(a -> !a.isBlank()).toArray(String[]::new));
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      builder.include(MicroBenchmarks.class.getPackageName() + ".*Benchmark");
    }
    Options options =
        builder
            .forks(cli.getForkCount().orElse(1))
            .warmupIterations(cli.getWarmupIterations().orElse(3))
            .warmupTime(
                cli.getWarmupTime().orElse(org.openjdk.jmh.runner.options.TimeValue.seconds(1)))
            .measurementIterations(cli.getMeasurementIterations().orElse(5))
            .measurementTime(
                cli.getMeasurementTime()
                    .orElse(org.openjdk.jmh.runner.options.TimeValue.seconds(1)))
            .jvmArgsAppend("-Xmx1g")
            .build();
    new Runner(options).run();
  }
}
