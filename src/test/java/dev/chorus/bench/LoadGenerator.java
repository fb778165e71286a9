package dev.chorus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * Drives a system through a public interface ({@link Transport}) with N connections, at a fixed
 * rate or flat out, for a fixed time, and measures what came back.
 *
 * <ul>
 *   <li><b>Fixed rate</b> ({@code rate > 0}): event {@code seq} is due at {@code t0 + seq / rate};
 *       a pacer thread hands due events to their connection's event loop whether or not earlier
 *       ones were answered (open loop). Latency is measured from the <i>intended</i> send time, so
 *       a stalled server is charged for every event it delayed (no coordinated omission). The
 *       latency from the actual send ("service") is reported too.
 *   <li><b>Flat out</b> ({@code rate == 0}): each connection keeps {@code window} events
 *       outstanding (closed loop); latency is measured from the actual send.
 * </ul>
 *
 * Event {@code seq} belongs to connection {@code seq % connections}; every callback for it runs on
 * that connection's context, so per-connection state needs no locks. Only events sent after the
 * warm-up are measured; rates count answers received during the measured window. Bounded: at most
 * {@code maxEvents} events, and after the window it waits at most {@code drainTimeout} for answers.
 */
public final class LoadGenerator {

  /**
   * @param rate events per second over all connections; 0 = flat out
   * @param window flat out: events each connection keeps outstanding
   * @param expectReplies an event is complete when acknowledged and replied to (else when
   *     acknowledged)
   */
  public record Options(
      int connections,
      int rate,
      Duration warmup,
      Duration duration,
      int window,
      long maxEvents,
      Duration drainTimeout,
      boolean expectReplies) {

    public Options {
      if (connections < 1 || rate < 0 || window < 1 || maxEvents < 1) {
        throw new IllegalArgumentException(
            "connections, window and maxEvents must be positive, rate not negative");
      }
    }

    public String describe() {
      return (rate == 0 ? "flat out (window " + window + "/conn)" : rate + " ev/s")
          + ", "
          + connections
          + " conns, "
          + warmup.toMillis() / 1000.0
          + " s warm-up + "
          + duration.toMillis() / 1000.0
          + " s";
    }
  }

  /**
   * How the generator reaches the system: one implementation per public interface ({@code /ws/chat}
   * today; a webhook transport posts signed platform payloads and takes the HTTP 2xx as the ack).
   */
  public interface Transport {
    String name();

    /**
     * Opens connection {@code index}; the session's callbacks must arrive on its {@link
     * Session#context()}.
     */
    Future<Session> open(int index, Listener listener);
  }

  /** One connection. */
  public interface Session {
    Context context();

    /** Sends event {@code seq}; called on {@link #context()}. */
    void send(long seq);

    Future<Void> close();
  }

  /** What a transport reports, on the session's context. */
  public interface Listener {
    void accepted(long seq);

    void replied(long seq);

    /** {@code seq} is -1 when the error names no event. */
    void failed(long seq, String code);

    void closed();
  }

  private static final byte ACKED = 1;
  private static final byte REPLIED = 2;
  private static final byte FAILED = 4;
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Options options;
  private final Transport transport;
  private final long capacity;
  private final long[] sentAt;
  private final byte[] flags;
  private final double periodNanos;
  private final AtomicLong pending = new AtomicLong();
  private final List<Conn> conns = new ArrayList<>();
  private volatile long t0;

  /** Set before the generator closes its own connections: those closes are not errors. */
  private volatile boolean stopping;

  private long measureStart;
  private long measureEnd;

  public LoadGenerator(Transport transport, Options options) {
    this.transport = transport;
    this.options = options;
    long planned =
        options.rate() == 0
            ? options.maxEvents()
            : (long)
                Math.ceil(
                    options.rate()
                        * (options.warmup().toNanos() + options.duration().toNanos())
                        / 1e9);
    this.capacity = Math.min(planned, options.maxEvents());
    if (capacity > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxEvents too large: " + capacity);
    }
    this.sentAt = new long[(int) capacity];
    this.flags = new byte[(int) capacity];
    this.periodNanos = options.rate() == 0 ? 0 : 1e9 / options.rate();
  }

  /** Runs the load; blocking, call from a plain thread (not an event loop). */
  public Result run() throws Exception {
    for (int i = 0; i < options.connections(); i++) {
      Conn conn = new Conn(i);
      conn.session = transport.open(i, conn).await(30, TimeUnit.SECONDS);
      conns.add(conn);
    }
    t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    measureStart = t0 + options.warmup().toNanos();
    measureEnd = measureStart + options.duration().toNanos();
    if (options.rate() > 0) {
      pace();
    } else {
      for (Conn conn : conns) {
        conn.session.context().runOnContext(v -> conn.fill());
      }
      sleepUntil(measureEnd);
    }
    long drainDeadline = System.nanoTime() + options.drainTimeout().toNanos();
    while (pending.get() > 0 && System.nanoTime() < drainDeadline) {
      Thread.sleep(20);
    }
    stopping = true;
    List<Future<Void>> closing = new ArrayList<>();
    for (Conn conn : conns) {
      closing.add(conn.session.close().otherwise((Void) null));
    }
    Future.join(closing).await(10, TimeUnit.SECONDS);
    return result();
  }

  /** Open loop: hands due events to their connection until every planned event is sent. */
  private void pace() {
    int n = conns.size();
    long[] nextK = new long[n];
    long sent = 0;
    while (sent < capacity) {
      long now = System.nanoTime();
      long due = now < t0 ? 0 : Math.min(capacity, (long) ((now - t0) / periodNanos) + 1);
      if (due > sent) {
        for (int i = 0; i < n; i++) {
          long to = due > i ? (due - i + n - 1) / n : 0;
          long from = nextK[i];
          if (to > from) {
            Conn conn = conns.get(i);
            conn.session.context().runOnContext(v -> conn.sendRange(from, to));
            nextK[i] = to;
          }
        }
        sent = due;
      }
      long next = t0 + (long) (sent * periodNanos);
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        LockSupport.parkNanos(sleep);
      }
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  private long intended(long seq) {
    return options.rate() == 0 ? sentAt[(int) seq] : t0 + (long) (seq * periodNanos);
  }

  /** Per-connection state; touched only on the connection's context. */
  private final class Conn implements Listener {
    final int index;
    Session session;
    long nextK;
    int outstanding;
    final Histogram accept = new Histogram(HIGHEST_MICROS, 3);
    final Histogram acceptService = new Histogram(HIGHEST_MICROS, 3);
    final Histogram reply = new Histogram(HIGHEST_MICROS, 3);
    final Histogram replyService = new Histogram(HIGHEST_MICROS, 3);
    long acksInWindow;
    long repliesInWindow;
    long duplicates;
    long unattributedErrors;
    boolean closed;
    final Map<String, Long> errors = new TreeMap<>();

    Conn(int index) {
      this.index = index;
    }

    void sendRange(long fromK, long toK) {
      int n = conns.size();
      for (long k = fromK; k < toK; k++) {
        long seq = k * n + index;
        if (seq >= capacity) {
          break;
        }
        send(seq);
      }
      nextK = toK;
    }

    void send(long seq) {
      sentAt[(int) seq] = System.nanoTime();
      outstanding++;
      pending.incrementAndGet();
      session.send(seq);
    }

    /** Flat out: tops the window up while the run lasts. */
    void fill() {
      int n = conns.size();
      while (outstanding < options.window() && System.nanoTime() < measureEnd && !closed) {
        long seq = nextK * n + index;
        if (seq >= capacity) {
          return;
        }
        nextK++;
        send(seq);
      }
    }

    private boolean mine(long seq) {
      return seq >= 0 && seq < capacity && seq % conns.size() == index && sentAt[(int) seq] != 0;
    }

    private void record(Histogram fromIntended, Histogram fromSent, long seq, long now) {
      long intended = intended(seq);
      if (intended >= measureStart && intended < measureEnd) {
        fromIntended.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - intended) / 1000)));
        fromSent.recordValue(
            Math.min(HIGHEST_MICROS, Math.max(0, (now - sentAt[(int) seq]) / 1000)));
      }
    }

    private void complete(long seq) {
      outstanding--;
      pending.decrementAndGet();
      if (options.rate() == 0) {
        fill();
      }
    }

    private boolean isComplete(byte f) {
      return (f & FAILED) != 0
          || ((f & ACKED) != 0 && ((f & REPLIED) != 0 || !options.expectReplies()));
    }

    @Override
    public void accepted(long seq) {
      long now = System.nanoTime();
      if (!mine(seq) || (flags[(int) seq] & ACKED) != 0) {
        duplicates++;
        return;
      }
      flags[(int) seq] |= ACKED;
      if (now >= measureStart && now < measureEnd) {
        acksInWindow++;
      }
      record(accept, acceptService, seq, now);
      if (isComplete(flags[(int) seq])) {
        complete(seq);
      }
    }

    @Override
    public void replied(long seq) {
      long now = System.nanoTime();
      if (!mine(seq) || (flags[(int) seq] & REPLIED) != 0) {
        duplicates++;
        return;
      }
      boolean wasComplete = isComplete(flags[(int) seq]);
      flags[(int) seq] |= REPLIED;
      if (now >= measureStart && now < measureEnd) {
        repliesInWindow++;
      }
      record(reply, replyService, seq, now);
      if (!wasComplete && isComplete(flags[(int) seq])) {
        complete(seq);
      }
    }

    @Override
    public void failed(long seq, String code) {
      errors.merge(code == null ? "unknown" : code, 1L, Long::sum);
      if (!mine(seq)) {
        unattributedErrors++;
        return;
      }
      boolean wasComplete = isComplete(flags[(int) seq]);
      flags[(int) seq] |= FAILED;
      if (!wasComplete) {
        complete(seq);
      }
    }

    @Override
    public void closed() {
      if (!closed) {
        closed = true;
        if (!stopping) {
          errors.merge("connection_closed", 1L, Long::sum);
        }
      }
    }
  }

  private Result result() {
    Histogram accept = new Histogram(HIGHEST_MICROS, 3);
    Histogram acceptService = new Histogram(HIGHEST_MICROS, 3);
    Histogram reply = new Histogram(HIGHEST_MICROS, 3);
    Histogram replyService = new Histogram(HIGHEST_MICROS, 3);
    long acksInWindow = 0;
    long repliesInWindow = 0;
    long duplicates = 0;
    Map<String, Long> errors = new TreeMap<>();
    for (Conn c : conns) {
      accept.add(c.accept);
      acceptService.add(c.acceptService);
      reply.add(c.reply);
      replyService.add(c.replyService);
      acksInWindow += c.acksInWindow;
      repliesInWindow += c.repliesInWindow;
      duplicates += c.duplicates;
      c.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    }
    long sent = 0;
    long acked = 0;
    long replied = 0;
    long failed = 0;
    long unanswered = 0;
    for (int i = 0; i < capacity; i++) {
      if (sentAt[i] == 0) {
        continue;
      }
      sent++;
      byte f = flags[i];
      if ((f & ACKED) != 0) {
        acked++;
      }
      if ((f & REPLIED) != 0) {
        replied++;
      }
      if ((f & FAILED) != 0) {
        failed++;
      }
      if ((f & (ACKED | FAILED)) == 0) {
        unanswered++;
      }
    }
    double seconds = options.duration().toNanos() / 1e9;
    return new Result(
        transport.name(),
        options,
        sent,
        acked,
        replied,
        failed,
        unanswered,
        duplicates,
        errors,
        acksInWindow / seconds,
        repliesInWindow / seconds,
        accept,
        acceptService,
        reply,
        replyService,
        this::forEachAcked);
  }

  private void forEachAcked(LongConsumer action) {
    for (int i = 0; i < capacity; i++) {
      if ((flags[i] & ACKED) != 0) {
        action.accept(i);
      }
    }
  }

  /**
   * What one run measured. Latencies are in microseconds.
   *
   * @param unanswered sent but neither acknowledged nor refused before the drain timeout
   * @param acked visits the sequence number of every acknowledged event (for the log check)
   */
  public record Result(
      String target,
      Options options,
      long sent,
      long acknowledged,
      long replied,
      long failed,
      long unanswered,
      long duplicates,
      Map<String, Long> errors,
      double acceptedPerSecond,
      double repliesPerSecond,
      Histogram accept,
      Histogram acceptService,
      Histogram reply,
      Histogram replyService,
      java.util.function.Consumer<LongConsumer> acked) {

    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public long missingReplies() {
      return options.expectReplies() ? acknowledged - replied : 0;
    }

    public String summary() {
      return String.format(
          java.util.Locale.ROOT,
          "%s [%s]: sent %d, acked %d (%.0f/s), replies %d (%.0f/s), errors %d %s, unanswered %d, missing replies %d%n"
              + "  accept ms  p50 %s p99 %s p99.9 %s max %s   (from actual send: p50 %s p99 %s)%n"
              + "  reply  ms  p50 %s p99 %s p99.9 %s max %s   (from actual send: p50 %s p99 %s)",
          target,
          options.describe(),
          sent,
          acknowledged,
          acceptedPerSecond,
          replied,
          repliesPerSecond,
          errorCount(),
          errors.isEmpty() ? "" : errors.toString(),
          unanswered,
          missingReplies(),
          ms(accept, 50),
          ms(accept, 99),
          ms(accept, 99.9),
          ms(accept, 100),
          ms(acceptService, 50),
          ms(acceptService, 99),
          ms(reply, 50),
          ms(reply, 99),
          ms(reply, 99.9),
          ms(reply, 100),
          ms(replyService, 50),
          ms(replyService, 99));
    }

    /** A percentile in milliseconds, as text ("-" when nothing was recorded). */
    public static String ms(Histogram h, double percentile) {
      if (h.getTotalCount() == 0) {
        return "-";
      }
      long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
      return String.format(
          java.util.Locale.ROOT, micros < 10_000 ? "%.3f" : "%.1f", micros / 1000.0);
    }
  }
}
