package dev.chorus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Small helpers the benchmark mains share: the machine line, number formats, writing the report.
 */
public final class Report {

  private Report() {}

  /** nproc, max heap of this JVM, JDK: printed at the top of every report. */
  public static String machine() {
    Runtime rt = Runtime.getRuntime();
    long totalMemMb = -1;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      totalMemMb = os.getTotalMemorySize() >> 20;
    }
    return String.format(
        Locale.ROOT,
        "%d cores, %d MB RAM, JDK %s (%s), %s %s, %s",
        rt.availableProcessors(),
        totalMemMb,
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16));
  }

  public static String num(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.2f", v);
  }

  /** {@code a ÷ b} with two decimals, or "-" when b is 0. */
  public static String ratio(double a, double b) {
    return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  /** Prints the report and writes it to {@code target/bench/<name>.md}. */
  public static void write(String name, String markdown) throws IOException {
    System.out.println();
    System.out.println(markdown);
    Path out = Path.of("target", "bench", name + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, markdown);
    System.out.println("(written to " + out + ")");
  }

  /** Min, median and max of some values (the median of an even count is the mean of the two). */
  public record Spread(double min, double median, double max) {

    public static Spread of(List<Double> values) {
      if (values.isEmpty()) {
        return new Spread(Double.NaN, Double.NaN, Double.NaN);
      }
      List<Double> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      int n = sorted.size();
      double median =
          n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Spread(sorted.get(0), median, sorted.get(n - 1));
    }

    /** {@code min / median / max} with {@link #num}; "-" when there were no values. */
    public String text() {
      return Double.isNaN(median) ? "-" : num(min) + " / " + num(median) + " / " + num(max);
    }

    /** {@code min / median / max} with two decimals (ratios); "-" when there were no values. */
    public String ratios() {
      return Double.isNaN(median)
          ? "-"
          : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", min, median, max);
    }
  }

  /** The load average of the last minute, or -1 where the platform has none. */
  public static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
