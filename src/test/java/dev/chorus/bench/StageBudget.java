package dev.chorus.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-stage budget of a measured window: the router's stage-latency histograms ({@code
 * chorus_stage_latency_seconds}, one series per stage and outcome) scraped in the Prometheus text
 * format when the window starts and when it ends, and their difference per stage (all outcomes
 * together: a retried or skipped step costs time too). The same text comes from {@code /metrics} of
 * a running server and from the registry of a Chorus in the benchmark's own JVM.
 *
 * <p>For each stage: calls, mean and p99 (the upper bound of the bucket holding it) of one step's
 * round trip, the stage time per finished event, and that time's share of the per-event time the
 * client measured, so a stage that got slower shows by name. What the stages do not account for
 * (router queues, journal, gateway, the driver) is the last row.
 */
public final class StageBudget {

  static final String METRIC = "chorus_stage_latency_seconds";

  private static final Pattern LINE =
      Pattern.compile("^" + METRIC + "_(bucket|count|sum)\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** One stage's counters: calls, total seconds, cumulative bucket counts by upper bound. */
  record Stage(long calls, double seconds, TreeMap<Double, Double> buckets) {

    Stage minus(Stage before) {
      TreeMap<Double, Double> diff = new TreeMap<>();
      buckets.forEach((le, n) -> diff.put(le, n - before.buckets.getOrDefault(le, 0.0)));
      return new Stage(calls - before.calls, seconds - before.seconds, diff);
    }

    Stage plus(Stage other) {
      TreeMap<Double, Double> sum = new TreeMap<>(buckets);
      other.buckets.forEach((le, n) -> sum.merge(le, n, Double::sum));
      return new Stage(calls + other.calls, seconds + other.seconds, sum);
    }

    /** The upper bound in seconds of the bucket holding quantile {@code q}, or NaN. */
    double quantile(double q) {
      if (calls <= 0) {
        return Double.NaN;
      }
      for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
        if (bucket.getValue() >= q * calls) {
          return bucket.getKey();
        }
      }
      return Double.POSITIVE_INFINITY;
    }
  }

  private final Map<String, Stage> stages;

  /** Events finished in the window, and the client-side time of one event (mean, ms). */
  private final long events;

  private final double eventMs;

  private StageBudget(Map<String, Stage> stages, long events, double eventMs) {
    this.stages = stages;
    this.events = events;
    this.eventMs = eventMs;
  }

  /** The stages' counters in one scrape, summed over outcomes. */
  static Map<String, Stage> parse(String prometheusText) {
    Map<String, long[]> calls = new LinkedHashMap<>();
    Map<String, double[]> seconds = new LinkedHashMap<>();
    Map<String, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
    Matcher m = LINE.matcher(prometheusText);
    while (m.find()) {
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String stage = labels.get("stage");
      if (stage == null) {
        continue;
      }
      double value = Double.parseDouble(m.group(3));
      switch (m.group(1)) {
        case "count" -> calls.computeIfAbsent(stage, s -> new long[1])[0] += (long) value;
        case "sum" -> seconds.computeIfAbsent(stage, s -> new double[1])[0] += value;
        default -> {
          String le = labels.get("le");
          if (le != null) {
            double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            buckets.computeIfAbsent(stage, s -> new TreeMap<>()).merge(bound, value, Double::sum);
          }
        }
      }
    }
    Map<String, Stage> out = new LinkedHashMap<>();
    for (String stage : calls.keySet()) {
      out.put(
          stage,
          new Stage(
              calls.get(stage)[0],
              seconds.getOrDefault(stage, new double[1])[0],
              buckets.getOrDefault(stage, new TreeMap<>())));
    }
    return out;
  }

  /**
   * The budget of the window between two scrapes.
   *
   * @param events events finished in the window (the denominator of "per event")
   * @param eventMs the mean time of one event as the client measured it (the 100 % of the shares)
   */
  static StageBudget between(String before, String after, long events, double eventMs) {
    Map<String, Stage> start = parse(before);
    Map<String, Stage> diff = new LinkedHashMap<>();
    parse(after)
        .forEach(
            (stage, end) -> {
              Stage d = end.minus(start.getOrDefault(stage, new Stage(0, 0, new TreeMap<>())));
              if (d.calls() > 0) {
                diff.put(stage, d);
              }
            });
    return new StageBudget(diff, events, eventMs);
  }

  /** Two windows together (rounds of one run): counters add, the event time is weighted. */
  StageBudget plus(StageBudget other) {
    if (other == null) {
      return this;
    }
    Map<String, Stage> sum = new LinkedHashMap<>(stages);
    other.stages.forEach((stage, s) -> sum.merge(stage, s, Stage::plus));
    long n = events + other.events;
    double ms = n == 0 ? 0 : (eventMs * events + other.eventMs * other.events) / n;
    return new StageBudget(sum, n, ms);
  }

  Map<String, Stage> stages() {
    return stages;
  }

  long events() {
    return events;
  }

  /** Stage time per finished event in ms. */
  double perEventMs(String stage) {
    Stage s = stages.get(stage);
    return s == null || events == 0 ? 0 : s.seconds() * 1000 / events;
  }

  /** The stage's share of the client-measured time of one event (0–1), or NaN. */
  double share(String stage) {
    return eventMs <= 0 ? Double.NaN : perEventMs(stage) / eventMs;
  }

  /**
   * A markdown table, stages in {@code order} first (the slip's order) and any others after.
   *
   * @param total what the 100 % is, e.g. "reply latency" or "driver latency"
   */
  String table(List<String> order, String total) {
    List<String> names = new ArrayList<>();
    for (String stage : order) {
      if (stages.containsKey(stage)) {
        names.add(stage);
      }
    }
    stages.keySet().stream().filter(s -> !names.contains(s)).sorted().forEach(names::add);
    StringBuilder md = new StringBuilder();
    if (eventMs > 0) {
      md.append(
          String.format(
              Locale.ROOT,
              "Per-stage budget: %,d events finished, mean %s %.3f ms per event (= 100 %%).%n%n",
              events,
              total,
              eventMs));
    } else {
      md.append(
          String.format(
              Locale.ROOT,
              "Per-stage budget: %,d events finished in the window, no %s measured, so no shares;"
                  + " the step round trips still show where the time goes.%n%n",
              events,
              total));
    }
    md.append(
        "| stage | calls | calls per event | mean ms | p99 ms (≤ bucket bound) | stage ms per event"
            + " | share of per-event time |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    double sum = 0;
    for (String name : names) {
      Stage s = stages.get(name);
      double perEvent = perEventMs(name);
      sum += perEvent;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.2f | %.3f | %.3f | %.3f | %s |%n",
              name,
              s.calls(),
              events == 0 ? 0.0 : (double) s.calls() / events,
              s.calls() == 0 ? 0.0 : s.seconds() * 1000 / s.calls(),
              s.quantile(0.99) * 1000,
              perEvent,
              percent(share(name))));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "| all stages | | | | | %.3f | %s |%n",
            sum,
            percent(eventMs <= 0 ? Double.NaN : sum / eventMs)));
    md.append(
        String.format(
            Locale.ROOT,
            "| outside the stages (queues, router, journal, transport) | | | | | %s | %s |%n",
            eventMs <= 0 ? "-" : String.format(Locale.ROOT, "%.3f", eventMs - sum),
            percent(eventMs <= 0 ? Double.NaN : (eventMs - sum) / eventMs)));
    return md.toString();
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f %%", share * 100);
  }
}
