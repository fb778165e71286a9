package dev.chorus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
}
